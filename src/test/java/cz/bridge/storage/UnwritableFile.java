package cz.bridge.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;

/**
 * A file (or folder) the bridge's user cannot write, as one another user wrote: by its mode, or as root, whom no mode
 * stops, made immutable (chattr; ext4 here and in CI). Undo it before the folder is deleted.
 */
public final class UnwritableFile {

    private UnwritableFile() {
    }

    public static void make(Path file) throws Exception {
        set(file, true);
    }

    public static void undo(Path file) throws Exception {
        set(file, false);
    }

    private static void set(Path file, boolean unwritable) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            // a folder keeps its x: without it nothing in it could be found, which is not what another user's folder does
            boolean folder = Files.isDirectory(file);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(folder ? (unwritable ? "r-xr-xr-x" : "rwxr-xr-x")
                    : unwritable ? "r--r--r--" : "rw-r--r--"));
        } else {
            Process chattr = new ProcessBuilder("chattr", unwritable ? "+i" : "-i", file.toString()).redirectErrorStream(true).start();
            String said = new String(chattr.getInputStream().readAllBytes());
            // a file system without the flag (tmpfs) or a container without CAP_LINUX_IMMUTABLE: no such file can be made
            Assumptions.assumeTrue(chattr.waitFor() == 0 || !unwritable, "chattr +i failed, the test cannot run here: " + said);
        }
        assertThat(Files.isWritable(file)).as("writable after the change").isEqualTo(!unwritable);
    }
}
