package nl.bij.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The data folder holds the database, the broker's journal and the development signing key: personal data and a
 * private key. It is made readable by the service's own user only, and a folder that other users can read or
 * enter is refused at start-up rather than used (files inside it would be as open as the folder).
 */
final class DataFolder {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataFolder() {
    }

    /** Creates the folder owner-only, or checks that an existing one is; throws saying how to fix it. */
    static Path secure(Path folder) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return folder;
        }
        try {
            if (!Files.exists(folder)) {
                Files.createDirectories(folder.toAbsolutePath().getParent());
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                return folder;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            permissions.retainAll(OTHERS);
            if (!permissions.isEmpty()) {
                throw new IllegalStateException("the data folder " + folder.toAbsolutePath() + " (bij.data.dir) is "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))
                        + ": other users could read the database, the journal and the key; make it the service's"
                        + " own (chmod 700 " + folder.toAbsolutePath() + ")");
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data folder " + folder.toAbsolutePath(), e);
        }
    }
}
