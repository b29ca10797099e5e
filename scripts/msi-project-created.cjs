'use strict';
// electron-builder's msiProjectCreated hook (electron-builder.yml): called with the path of the
// WiX project (project.wxs) it rendered from its own template, before candle and light build the
// MSI. The template cannot be replaced and has no place for our own components, so this adds them
// to the file:
//
// - the machine-wide folder of the shared customer directory, %ProgramData%\Anlauf
//   (src-main/core/customers/directory-file.ts), with modify rights for Users (the SID BU,
//   S-1-5-32-545, in SDDL: the same on a German Windows). Permanent: uninstalling leaves it and
//   the customers in it. Windows Installer applies the access list at every install, repair
//   and upgrade, which also repairs a folder an earlier version's first start made for one agent.
// - tel:, callto:, sip: and sips: links, registered the way build/installer.nsh does for NSIS
//   (a ProgID, Capabilities\URLAssociations, RegisteredApplications), so Windows' Default Apps
//   offers Anlauf. A scheme key (HKLM\Software\Classes\sip) is written only where the scheme has no
//   handler yet, or where it is the one Anlauf wrote (marked CreatedBy); Windows Installer removes
//   what it wrote on uninstall.
//
// Pure text insertion at three places of electron-builder's template; a template that no longer
// has them fails the build here rather than building an MSI without them.
const fs = require('node:fs');

const APP_ID = 'de.anlauf.workstation';
const PRODUCT_NAME = 'Anlauf';
const PROGID = `${APP_ID}.link`;
const CAPABILITIES = `Software\\${PRODUCT_NAME}\\Capabilities`;
/** Users: modify (0x1301bf, what icacls calls M), inherited by files (OI) and folders (CI) inside. */
const DIRECTORY_SDDL = 'D:AI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;BU)';
const SCHEMES = [
  { scheme: 'tel', description: 'Telephone', guid: 'E43A3BD4-5FC9-4531-9568-DBBB60277B4A' },
  { scheme: 'callto', description: 'CallTo', guid: 'C2C7C260-B7F5-4536-86D2-4FB36E9881E5' },
  { scheme: 'sip', description: 'SIP', guid: '31F0FE70-B185-461E-900B-E3A6D3C9EF05' },
  { scheme: 'sips', description: 'SIP (secure)', guid: 'FADF753C-A51D-4D31-A7A8-B4CC451D8C81' },
];
// Component GUIDs are fixed: Windows Installer recognises a component across versions by them.
const DIRECTORY_GUID = 'C4A03ED2-BFBD-4E56-8C8D-1FE17DC8FC4A';
const LINKS_GUID = '8C5038DD-35C7-4AB8-B0C3-89847C41D2D7';
/** The installed Anlauf.exe: electron-builder gives the main executable's File this Id. */
const EXE = '[#mainExecutable]';

const xml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const value = (name, text) => `<RegistryValue${name === null ? '' : ` Name="${xml(name)}"`} Type="string" Value="${xml(text)}"/>`;
const key = (path, values, keyPath = false) => [
  `<RegistryKey Root="HKLM" Key="${xml(path)}">`,
  ...values.map((v, i) => `  ${keyPath && i === 0 ? v.replace('/>', ' KeyPath="yes"/>') : v}`),
  '</RegistryKey>',
];
const upper = (scheme) => scheme.toUpperCase();

function directories() {
  return ['<Directory Id="CommonAppDataFolder">', `  <Directory Id="AnlaufDirectoryFolder" Name="${PRODUCT_NAME}"/>`, '</Directory>'];
}

function searches() {
  // What handles each scheme already: its open command, and whether Anlauf wrote the key.
  return SCHEMES.flatMap(({ scheme }) => [
    `<Property Id="ANLAUF_${upper(scheme)}_COMMAND">`,
    `  <RegistrySearch Id="Anlauf${upper(scheme)}Command" Root="HKCR" Key="${scheme}\\shell\\open\\command" Type="raw"/>`,
    '</Property>',
    `<Property Id="ANLAUF_${upper(scheme)}_OWNER">`,
    `  <RegistrySearch Id="Anlauf${upper(scheme)}Owner" Root="HKCR" Key="${scheme}" Name="CreatedBy" Type="raw"/>`,
    '</Property>',
  ]);
}

function components() {
  const command = `"${EXE}" "%1"`;
  const links = [
    ...key(`Software\\Classes\\${PROGID}`, [value(null, `${PRODUCT_NAME} call link`), value('URL Protocol', '')], true),
    ...key(`Software\\Classes\\${PROGID}\\DefaultIcon`, [value(null, `${EXE},0`)]),
    ...key(`Software\\Classes\\${PROGID}\\Application`, [
      value('ApplicationName', PRODUCT_NAME),
      value('ApplicationIcon', `${EXE},0`),
      value('AppUserModelId', APP_ID),
    ]),
    ...key(`Software\\Classes\\${PROGID}\\shell\\open\\command`, [value(null, command)]),
    ...key(CAPABILITIES, [
      value('ApplicationName', PRODUCT_NAME),
      value('ApplicationDescription', 'Call-center agent workstation: phone calls from tel:, callto:, sip: and sips: links'),
      value('ApplicationIcon', `${EXE},0`),
    ]),
    ...key(
      `${CAPABILITIES}\\URLAssociations`,
      SCHEMES.map(({ scheme }) => value(scheme, PROGID)),
    ),
    ...key('Software\\RegisteredApplications', [value(PRODUCT_NAME, CAPABILITIES)]),
  ];
  const schemes = SCHEMES.flatMap(({ scheme, description, guid }) => [
    `<Component Id="AnlaufScheme${upper(scheme)}" Directory="APPLICATIONFOLDER" Guid="${guid}">`,
    `  <Condition><![CDATA[NOT ANLAUF_${upper(scheme)}_COMMAND OR ANLAUF_${upper(scheme)}_OWNER = "${APP_ID}"]]></Condition>`,
    ...key(`Software\\Classes\\${scheme}`, [value(null, `URL:${description}`), value('URL Protocol', ''), value('CreatedBy', APP_ID)], true).map(
      (line) => `  ${line}`,
    ),
    ...key(`Software\\Classes\\${scheme}\\shell\\open\\command`, [value(null, command)]).map((line) => `  ${line}`),
    '</Component>',
  ]);
  return [
    '<ComponentGroup Id="AnlaufComponents">',
    ...[
      `<Component Id="AnlaufDirectoryFolder" Directory="AnlaufDirectoryFolder" Guid="${DIRECTORY_GUID}" Permanent="yes">`,
      '  <CreateFolder>',
      `    <PermissionEx Id="AnlaufDirectoryFolderAccess" Sddl="${DIRECTORY_SDDL}"/>`,
      '  </CreateFolder>',
      '</Component>',
      `<Component Id="AnlaufLinks" Directory="APPLICATIONFOLDER" Guid="${LINKS_GUID}">`,
      ...links.map((line) => `  ${line}`),
      '</Component>',
      ...schemes,
    ].map((line) => `  ${line}`),
    '</ComponentGroup>',
  ];
}

/** Inserts `lines` after (or before) the one line `anchor` matches, indented as it plus `deeper`. */
function insert(text, anchor, lines, where, deeper) {
  const matches = text.match(new RegExp(anchor.source, 'gm')) ?? [];
  if (matches.length !== 1) {
    throw new Error(`anlauf: electron-builder's MSI template changed: expected one ${anchor} in project.wxs, found ${matches.length}`);
  }
  return text.replace(new RegExp(anchor.source, 'm'), (match, indent) => {
    const block = lines.map((line) => `${indent}${deeper}${line}`).join('\n');
    return where === 'after' ? `${match}\n${block}` : `${block}\n${match}`;
  });
}

/** The project text with Anlauf's additions (exported for the tests). */
function addAnlaufComponents(text) {
  if (text.includes('AnlaufComponents')) return text;
  let out = insert(text, /^([ \t]*)<Directory Id="TARGETDIR" Name="SourceDir">/, directories(), 'after', '  ');
  out = insert(out, /^([ \t]*)<ComponentGroupRef Id="ProductComponents"\/>/, ['<ComponentGroupRef Id="AnlaufComponents"/>'], 'after', '');
  return insert(out, /^([ \t]*)<\/Product>/, [...searches(), ...components()], 'before', '  ');
}

module.exports = async function msiProjectCreated(projectFile) {
  fs.writeFileSync(projectFile, addAnlaufComponents(fs.readFileSync(projectFile, 'utf8')));
  console.log('anlauf: the MSI creates %ProgramData%\\Anlauf (Users: modify) and registers tel:, callto:, sip: and sips: links');
};
module.exports.addAnlaufComponents = addAnlaufComponents;
module.exports.DIRECTORY_SDDL = DIRECTORY_SDDL;
