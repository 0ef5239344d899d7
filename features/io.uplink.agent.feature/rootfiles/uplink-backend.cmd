@echo off
rem Starts a local OpenEMS-compatible Backend for bench tests (--port=N, --edge=APIKEY:EDGEID, --help).
setlocal
call "%~dp0lib\uplink-java.cmd" || exit /b 1
for %%L in ("%~dp0plugins\org.eclipse.equinox.launcher_*.jar") do set "LAUNCHER=%%~fL"
"%UPLINK_JAVA%" %UPLINK_VMARGS% -Djava.awt.headless=true -jar "%LAUNCHER%" -application io.uplink.backend.local.backend -nosplash %*
