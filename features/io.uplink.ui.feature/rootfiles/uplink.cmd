@echo off
rem Starts the Uplink commissioning workbench.
setlocal
call "%~dp0lib\uplink-java.cmd" || exit /b 1
for %%L in ("%~dp0plugins\org.eclipse.equinox.launcher_*.jar") do set "LAUNCHER=%%~fL"
"%UPLINK_JAVA%" %UPLINK_VMARGS% -jar "%LAUNCHER%" -nosplash %*
