"""The Data panel's road count (OGR SQL, for a quick figure) agrees with the road reader."""
from __future__ import annotations

import pytest

from terridiag.plugin.core.sources.roads import read_osm_roads
from terridiag.plugin.core.sources.roads import count_road_ways


@pytest.mark.parametrize("sample", ["territoire_90/osm_sud_territoire_de_belfort_2011_josm.osm",
                                    "samples/osm_saint_barthelemy_2014.osm.pbf"])
def test_road_count_matches_the_reader(qgis_app, shared_data, sample):
    path = shared_data / sample
    counted = count_road_ways(str(path))
    _graph, report = read_osm_roads(path)
    assert counted["tagged"] == report.rows_read > 0
    assert counted["roads"] == report.rows_kept
    assert counted["provenance"]["licence"].startswith("ODbL")


def test_road_count_of_another_file(qgis_app, tmp_path):
    bad = tmp_path / "not_osm.osm"
    bad.write_text("this is not OpenStreetMap XML", encoding="utf-8")
    with pytest.raises(ValueError):
        count_road_ways(str(bad))
