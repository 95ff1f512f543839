<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
  <context>
    <name>TerriDiag</name>
    <message>
      <source>TerriDiag</source>
      <translation>TerriDiag</translation>
    </message>
    <message>
      <source>Digital diagnosis of the territory: the algorithms are in the Processing toolbox under TerriDiag.</source>
      <translation>Diagnostic numérique du territoire : les algorithmes sont dans la boîte à outils Traitements, sous TerriDiag.</translation>
    </message>
    <message>
      <source>TerriDiag — digital diagnosis</source>
      <translation>TerriDiag — diagnostic numérique</translation>
    </message>
    <message>
      <source>Show or hide the TerriDiag panel</source>
      <translation>Afficher ou masquer le panneau TerriDiag</translation>
    </message>
    <message>
      <source>&amp;TerriDiag</source>
      <translation>&amp;TerriDiag</translation>
    </message>
    <message>
      <source>TerriDiag needs Python packages that are not installed: {names}.</source>
      <translation>TerriDiag a besoin de paquets Python qui ne sont pas installés : {names}.</translation>
    </message>
    <message>
      <source>TerriDiag — digital diagnosis of French territories</source>
      <translation>TerriDiag — diagnostic numérique des territoires français</translation>
    </message>
  </context>
</TS>
