@echo off
rem Starts the Uplink headless agent. All arguments are passed to the agent (uplink-agent --help).
setlocal
call "%~dp0lib\uplink-java.cmd" || exit /b 1
for %%L in ("%~dp0plugins\org.eclipse.equinox.launcher_*.jar") do set "LAUNCHER=%%~fL"
"%UPLINK_JAVA%" %UPLINK_VMARGS% -Djava.awt.headless=true -jar "%LAUNCHER%" -application io.uplink.agent.headless -nosplash %*
