@rem Finds a Java 21+ runtime for Uplink: %JAVA_HOME% if it is 21+, else java on PATH if 21+.
@rem Sets UPLINK_JAVA to the java.exe to use, or prints what to install and exits with 1.
@set UPLINK_JAVA=
@if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" (
  "%JAVA_HOME%\bin\java.exe" -XshowSettings:properties -version 2>&1 | findstr /R /C:"java.specification.version = [2-9][0-9]" >nul && set "UPLINK_JAVA=%JAVA_HOME%\bin\java.exe"
)
@if not defined UPLINK_JAVA (
  java -XshowSettings:properties -version 2>&1 | findstr /R /C:"java.specification.version = [2-9][0-9]" >nul && set "UPLINK_JAVA=java"
)
@if not defined UPLINK_JAVA (
  echo Uplink needs Java 21 or newer, and none was found. Install a JDK 21+ ^(for example Temurin 21 or 25^) and set JAVA_HOME to it. 1>&2
  exit /b 1
)
@exit /b 0
