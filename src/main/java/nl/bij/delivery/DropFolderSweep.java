package nl.bij.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own drop folder holds signed notices until the receiving side takes them. One left lying there
 * longer than the sweep period is taken to have been read (the receiver copies, it does not always move) and is
 * deleted: a notice is personal data, and the service keeps none longer than delivery needs. Run with retention.
 */
public final class DropFolderSweep {

    private static final Logger LOG = LoggerFactory.getLogger("bij.retention");

    private final Path folder;
    private final Duration keep;
    private final Clock clock;

    /** @param keep how long a delivered file may lie in the folder; zero: never swept */
    public DropFolderSweep(Path folder, Duration keep, Clock clock) {
        this.folder = folder;
        this.keep = keep;
        this.clock = clock;
    }

    /** @return how many files were deleted */
    public int sweep() {
        if (keep.isZero() || !Files.isDirectory(folder)) {
            return 0;
        }
        Instant before = clock.instant().minus(keep);
        List<Path> old;
        try (Stream<Path> files = Files.walk(folder)) {
            old = files.filter(Files::isRegularFile).filter(file -> modifiedBefore(file, before)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the drop folder " + folder, e);
        }
        old.forEach(DropFolderSweep::delete);
        LOG.info("retention: {} notice file(s) older than {} deleted from the drop folder", old.size(), keep);
        return old.size();
    }

    private static boolean modifiedBefore(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file.getFileName() + " from the drop folder", e);
        }
    }
}
