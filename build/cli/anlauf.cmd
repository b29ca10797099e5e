@echo off
rem The anlauf commands on this desk (docs/it-admin.md): the installed app runs them without a window.
rem Installed beside Anlauf.exe by the NSIS and MSI installers (electron-builder.yml, win.extraFiles).
setlocal
"%~dp0Anlauf.exe" --cli %*
exit /b %ERRORLEVEL%
