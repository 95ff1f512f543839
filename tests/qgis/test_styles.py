"""Legends and labels of the styled commune layer in the language asked for, whatever QGIS's own."""
from __future__ import annotations

from qgis.core import QgsField, QgsFeature, QgsGeometry, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from terridiag.plugin.qgis_bridge import styles


def _communes(values):
    layer = QgsVectorLayer("Polygon?crs=EPSG:2154", "communes", "memory")
    layer.dataProvider().addAttributes([QgsField("code_insee", QVariant.String), QgsField("nom", QVariant.String),
                                        QgsField("share_within", QVariant.Double), QgsField("masked", QVariant.Bool)])
    layer.updateFields()
    feats = []
    for i, (value, masked) in enumerate(values):
        f = QgsFeature(layer.fields())
        f.setAttributes([f"0000{i}", f"C{i}", value, masked])
        f.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({i} 0,{i + 1} 0,{i + 1} 1,{i} 1,{i} 0))"))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_unit_said_once_in_titles():
    assert styles.indicator_title("fsca_per_10k", "fr") == "Accessibilité (places pour 10 000 habitants)"
    assert styles.indicator_title("fsca_per_10k", "en") == "Accessibility (places per 10,000 inhabitants)"
    assert styles.indicator_title("share_within", "fr") == "Part à moins du seuil (%)"


def test_french_legend_from_an_english_qgis(qgis_app):
    assert styles.language() != "fr"               # the test session runs QGIS in English
    layer = _communes([(0.2, False), (0.5, False), (0.9, False), (None, True), (None, False)])
    styles.style_communes(layer, "share_within", lang="fr")
    labels = [rule.label() for rule in layer.renderer().rootRule().children()]
    assert "Pas de donnée" in labels and "No data" not in labels
    assert any(label.startswith("Masqué") for label in labels)
    assert "'masqué'" in layer.labeling().settings().fieldName
    assert layer.name() == "Part à moins du seuil (%)"
    styles.style_communes(layer, "share_within", lang="en")
    labels = [rule.label() for rule in layer.renderer().rootRule().children()]
    assert "No data" in labels and any(label.startswith("Masked") for label in labels)
