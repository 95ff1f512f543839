<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
  <context>
    <name>TerriDiag</name>
    <message>
      <source>TerriDiag</source>
      <translation>TerriDiag</translation>
    </message>
    <message>
      <source>Digital diagnosis of the territory: the algorithms are in the Processing toolbox under TerriDiag.</source>
      <translation>Digital diagnosis of the territory: the algorithms are in the Processing toolbox under TerriDiag.</translation>
    </message>
    <message>
      <source>TerriDiag — digital diagnosis</source>
      <translation>TerriDiag — digital diagnosis</translation>
    </message>
    <message>
      <source>Show or hide the TerriDiag panel</source>
      <translation>Show or hide the TerriDiag panel</translation>
    </message>
    <message>
      <source>&amp;TerriDiag</source>
      <translation>&amp;TerriDiag</translation>
    </message>
    <message>
      <source>TerriDiag needs Python packages that are not installed: {names}.</source>
      <translation>TerriDiag needs Python packages that are not installed: {names}.</translation>
    </message>
    <message>
      <source>TerriDiag — digital diagnosis of French territories</source>
      <translation>TerriDiag — digital diagnosis of French territories</translation>
    </message>
  </context>
</TS>
