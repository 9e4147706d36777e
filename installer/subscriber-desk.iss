; Inno Setup script of Subscriber Desk for Windows office PCs. Built by .github/workflows/windows.yml
; after `pyinstaller installer\subscriber-desk.spec` has made dist\subscriber-desk:
;   iscc /DAppVersion=<app.__version__> installer\subscriber-desk.iss
; The version comes from app/__init__.py through the workflow (installer/bundle.py reads the same line);
; the program names and folder match installer/bundle.py (NAME, WINDOWED_NAME), which a test checks.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (the workflow reads it from app/__init__.py)
#endif

#define AppName "Subscriber Desk"
#define AppFolder "subscriber-desk"
#define CommandLineExe "subscriber-desk.exe"
#define WindowedExe "SubscriberDesk.exe"

[Setup]
; Never change AppId: it is how a new version finds and upgrades the installed one in place.
AppId={{6F0C9F2E-5B1D-4C7A-9E43-2D8A1B7C5E10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Subscriber Desk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
; Per-machine: every person of the office PC gets the program; the install needs an administrator.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=subscriber-desk-{#AppVersion}-setup
SetupIconFile=..\resources\icon.ico
UninstallDisplayIcon={app}\{#WindowedExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade closes the running program first, and the installed files are replaced in place.
CloseApplications=yes
UsePreviousAppDir=yes
UsePreviousGroup=yes

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
russian.DesktopIcon=Ярлык на рабочем столе
english.DesktopIcon=Desktop shortcut
russian.LaunchProgram=Запустить Subscriber Desk
english.LaunchProgram=Start Subscriber Desk

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[InstallDelete]
; The frozen program's own files are replaced as a whole, so nothing of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\{#AppFolder}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#WindowedExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#WindowedExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#WindowedExe}"; Description: "{cm:LaunchProgram}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes only what it installed: the user's data (%APPDATA%\SubscriberDesk: the
; embedded database, logs, error reports) and settings (HKCU\Software\SubscriberDesk) stay, so a
; reinstall or an upgrade finds them as they were. There is deliberately no [UninstallDelete] section.
