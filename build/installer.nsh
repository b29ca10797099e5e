; Anlauf's additions to electron-builder's NSIS installer (electron-builder.yml: nsis.include).
;
; tel:, callto:, sip: and sips: links from the CRM, mail and browsers must reach Anlauf on Windows.
; electron-builder registers the yml's `protocols` only for macOS, Linux and AppX, and
; app.setAsDefaultProtocolClient writes HKCU\Software\Classes, which Windows 10/11 ignore once a
; user has chosen an app for the scheme. So the installer registers Anlauf the way Windows' Default
; Apps settings read it: a ProgID that opens links with Anlauf, Capabilities\URLAssociations naming
; that ProgID for each scheme, and an entry in RegisteredApplications. Windows then lists Anlauf
; under Settings > Apps > Default apps (ms-settings:defaultapps), where the agent or IT's default
; associations file picks it. Per-machine install: SHELL_CONTEXT is HKLM. See docs/it-admin.md.
;
; It also creates the machine-wide folder of the shared customer directory, %ProgramData%\Anlauf
; (src-main/core/customers/directory-file.ts): one SQLite file that every agent of the desk writes.
; ProgramData lets a user create files but not change another user's, which SQLite needs (-wal,
; -shm), so Users (the well-known SID S-1-5-32-545: "Benutzer" on a German Windows) get modify,
; inherited by everything inside. Every install and update grants it again, which also repairs a
; folder an earlier version's first start made for one agent. The uninstaller leaves the folder
; and its data: the customers are the company's, not the program's.

!define ANLAUF_PROGID "${APP_ID}.link"
!define ANLAUF_CAPABILITIES "Software\${PRODUCT_NAME}\Capabilities"

; A scheme Windows does not know yet (sip: and sips: on most desks) also needs its URL-protocol key,
; or ShellExecute never looks for a handler. One that exists belongs to Windows or another app and is
; left alone; the one we create is marked, so the uninstaller removes only ours.
!macro anlaufAddScheme SCHEME DESCRIPTION
  Push $0
  WriteRegStr SHELL_CONTEXT "${ANLAUF_CAPABILITIES}\URLAssociations" "${SCHEME}" "${ANLAUF_PROGID}"
  ClearErrors
  ReadRegStr $0 HKCR "${SCHEME}" "URL Protocol"
  ${if} ${Errors}
    WriteRegStr SHELL_CONTEXT "Software\Classes\${SCHEME}" "" "URL:${DESCRIPTION}"
    WriteRegStr SHELL_CONTEXT "Software\Classes\${SCHEME}" "URL Protocol" ""
    WriteRegStr SHELL_CONTEXT "Software\Classes\${SCHEME}" "CreatedBy" "${APP_ID}"
    WriteRegStr SHELL_CONTEXT "Software\Classes\${SCHEME}\shell\open\command" "" '"$appExe" "%1"'
  ${endif}
  Pop $0
!macroend

!macro anlaufRemoveScheme SCHEME
  Push $0
  ReadRegStr $0 SHELL_CONTEXT "Software\Classes\${SCHEME}" "CreatedBy"
  ${if} $0 == "${APP_ID}"
    DeleteRegKey SHELL_CONTEXT "Software\Classes\${SCHEME}"
  ${endif}
  Pop $0
!macroend

!macro anlaufCreateDirectoryFolder
  Push $0
  Push $1
  ; The folder the app computes: %ProgramData%, else C:\ProgramData.
  ReadEnvStr $0 "ProgramData"
  ${if} $0 == ""
    StrCpy $0 "C:\ProgramData"
  ${endif}
  CreateDirectory "$0\${PRODUCT_NAME}"
  ; (OI)(CI)M: modify, for the folder and inherited by its files and subfolders.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$0\${PRODUCT_NAME}" /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $1
  ${if} $1 != 0
    DetailPrint "Could not give Users modify rights on $0\${PRODUCT_NAME} (icacls: $1); see docs/it-admin.md"
  ${endif}
  Pop $1
  Pop $0
!macroend

!macro customInstall
  ; The shared customer directory's folder (see the top of this file).
  !insertmacro anlaufCreateDirectoryFolder

  ; The ProgID: what a link associated with Anlauf runs.
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ANLAUF_PROGID}" "" "${PRODUCT_NAME} call link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ANLAUF_PROGID}" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ANLAUF_PROGID}\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ANLAUF_PROGID}\Application" "ApplicationName" "${PRODUCT_NAME}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ANLAUF_PROGID}\Application" "ApplicationIcon" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ANLAUF_PROGID}\Application" "AppUserModelId" "${APP_ID}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${ANLAUF_PROGID}\shell\open\command" "" '"$appExe" "%1"'

  ; What Anlauf can open, for Default Apps.
  WriteRegStr SHELL_CONTEXT "${ANLAUF_CAPABILITIES}" "ApplicationName" "${PRODUCT_NAME}"
  WriteRegStr SHELL_CONTEXT "${ANLAUF_CAPABILITIES}" "ApplicationDescription" "Call-center agent workstation: phone calls from tel:, callto:, sip: and sips: links"
  WriteRegStr SHELL_CONTEXT "${ANLAUF_CAPABILITIES}" "ApplicationIcon" "$appExe,0"
  !insertmacro anlaufAddScheme "tel" "Telephone"
  !insertmacro anlaufAddScheme "callto" "CallTo"
  !insertmacro anlaufAddScheme "sip" "SIP"
  !insertmacro anlaufAddScheme "sips" "SIP (secure)"
  WriteRegStr SHELL_CONTEXT "Software\RegisteredApplications" "${PRODUCT_NAME}" "${ANLAUF_CAPABILITIES}"

  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro customUnInstall
  ; %ProgramData%\Anlauf, the shared customer directory, stays, with its data (see the top).
  ; An update runs the old uninstaller first and installs again: keep the registration then.
  ${ifNot} ${isUpdated}
    DeleteRegValue SHELL_CONTEXT "Software\RegisteredApplications" "${PRODUCT_NAME}"
    DeleteRegKey SHELL_CONTEXT "${ANLAUF_CAPABILITIES}"
    DeleteRegKey /ifempty SHELL_CONTEXT "Software\${PRODUCT_NAME}"
    DeleteRegKey SHELL_CONTEXT "Software\Classes\${ANLAUF_PROGID}"
    !insertmacro anlaufRemoveScheme "tel"
    !insertmacro anlaufRemoveScheme "callto"
    !insertmacro anlaufRemoveScheme "sip"
    !insertmacro anlaufRemoveScheme "sips"
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ${endIf}
!macroend
