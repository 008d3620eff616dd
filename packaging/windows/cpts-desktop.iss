; Inno Setup: installer for the folder built by PyInstaller (dist\cpts-desktop), with a Start-menu
; shortcut, an optional desktop shortcut and an uninstaller. See LISEZMOI.md for the steps.
#define AppName "CPTS Desktop"
#define AppVersion "0.1.0"
#define Bundle "..\..\dist\cpts-desktop"

[Setup]
AppId={{6E2C1B4A-8F3D-4C55-9A61-2D7B0F9C3E18}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=CPTS-Desktop-{#AppVersion}-installation
SetupIconFile=..\..\resources\icons\cpts-desktop.ico
UninstallDisplayIcon={app}\cpts-desktop.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\cpts-desktop.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\cpts-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\cpts-desktop.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The user's data (base, backups, logs) lives in their own profile folder: the uninstaller leaves it.
