package io.uplink.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Loads sqlite-jdbc's native library from the store's directory instead of java.io.tmpdir.
 *
 * <p>sqlite-jdbc 3.53 extracts to {@code org.sqlite.tmpdir} (default java.io.tmpdir) under a new random name on
 * every start ({@code sqlite-<version>-<uuid>-libsqlitejdbc.so}, deleted only on a clean exit), so each kill -9 or
 * power loss would leave 1 MB behind and every start would write 1 MB of flash. We extract once to a stable name
 * under {@code <store>/native/} and point {@code org.sqlite.lib.path}/{@code lib.name} at it, which sqlite-jdbc
 * tries first; {@code org.sqlite.tmpdir} points there too, so even its fallback never touches /tmp. The loading
 * itself stays inside sqlite-jdbc's bundle, whose class loader the JNI methods belong to.
 *
 * <p>A JVM loads the library once: the first store opened decides the directory.
 */
final class SqliteNative {
    private static Path loadedFrom;

    private SqliteNative() {
    }

    /** The directory the library was loaded from (null before the first store opened). */
    static synchronized Path loadedFrom() {
        return loadedFrom;
    }

    static synchronized void load(Path nativeDirectory) throws IOException {
        if (loadedFrom != null) {
            return;
        }
        Files.createDirectories(nativeDirectory);
        String resourceFolder = LibraryLoaderUtil.getNativeLibResourcePath();
        String libraryName = LibraryLoaderUtil.getNativeLibName();
        if (LibraryLoaderUtil.hasNativeLib(resourceFolder, libraryName)) {
            // one folder per version and platform, e.g. native/3.53.4.0-Linux-x86_64/libsqlitejdbc.so
            String platform = resourceFolder.substring(resourceFolder.lastIndexOf("/native/") + "/native/".length())
                    .replace('/', '-');
            Path folder = nativeDirectory.resolve(SQLiteJDBCLoader.getVersion() + "-" + platform);
            Files.createDirectories(folder);
            extractIfChanged(resourceFolder + "/" + libraryName, folder.resolve(libraryName));
            System.setProperty("org.sqlite.lib.path", folder.toString());
            System.setProperty("org.sqlite.lib.name", libraryName);
        }
        System.setProperty("org.sqlite.tmpdir", nativeDirectory.toString());
        try {
            if (!SQLiteJDBCLoader.initialize()) {
                throw new IOException("sqlite-jdbc found no native library for this platform");
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("sqlite-jdbc could not load its native library from " + nativeDirectory, e);
        }
        loadedFrom = nativeDirectory;
    }

    private static void extractIfChanged(String resource, Path target) throws IOException {
        byte[] library;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("sqlite-jdbc has no resource " + resource);
            }
            library = in.readAllBytes();
        }
        if (Files.isRegularFile(target) && Arrays.equals(library, Files.readAllBytes(target))) {
            return; // no flash write on an ordinary start
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, library);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
