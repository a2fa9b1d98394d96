package nl.bij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap use read from a unified GC log ({@code -Xlog:gc:file=...:uptime}): the peak (heap used when a collection
 * started) and the most the heap held right after a collection, over the whole run. The second is an upper bound
 * of the live set, not the live set: a young collection leaves old garbage for the next mixed one.
 */
record Heap(long peakMb, long liveMb, long committedMb, int collections) {

    // [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 45M->12M(256M) 3.456ms
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\].* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    static Heap fromGcLog(Path gcLog) throws IOException {
        long peak = 0;
        long live = 0;
        long committed = 0;
        int collections = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                collections++;
                long before = Long.parseLong(m.group(2));
                long after = Long.parseLong(m.group(3));
                peak = Math.max(peak, before);
                live = Math.max(live, after);
                committed = Math.max(committed, Long.parseLong(m.group(4)));
            }
        }
        return new Heap(peak, live, committed, collections);
    }
}
