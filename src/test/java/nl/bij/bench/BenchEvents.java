package nl.bij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's load: realistic release events from {@code samples/}, each with a fresh eventId and case, in a
 * fixed mix of 60% qualifying (a notice over the XML channel), 20% not qualifying and 20% manual review, the
 * proportions of a year of BIJ traffic in which most announced returns do qualify.
 */
final class BenchEvents {

    /** Notices (NOTIFIED): list 1 and 2, TBS, PIJ to a merged municipality; 02 also carries aftercare data. */
    private static final List<String> QUALIFYING = List.of("01-final-release-zeden.xml",
            "02-leave-with-aftercare.xml", "03-tbs-leave-forward-compatible.xml", "10-pij-leave-merged-municipality.xml");
    private static final List<String> NOT_QUALIFYING = List.of("13-theft-not-listed.xml",
            "14-escape-not-a-return.xml", "16-list2-below-threshold.xml");
    private static final List<String> REVIEW = List.of("11-arson-abroad.xml", "12-attempt-goes-to-review.xml",
            "15-new-numbering-after-july-2024.xml", "17-not-connected-municipality.xml");

    private final List<String> qualifying;
    private final List<String> notQualifying;
    private final List<String> review;
    private final String runId;

    BenchEvents(Path samples, String runId) throws IOException {
        this.qualifying = read(samples, QUALIFYING);
        this.notQualifying = read(samples, NOT_QUALIFYING);
        this.review = read(samples, REVIEW);
        this.runId = runId;
    }

    /** Event {@code i} of the run: six in ten qualify, two do not, two go to review. */
    Event event(int i) {
        int slot = i % 10;
        List<String> kind = slot < 6 ? qualifying : slot < 8 ? notQualifying : review;
        String eventId = String.format("%s-0000-4000-8000-%012d", runId, i);
        String xml = kind.get((i / 10) % kind.size())
                .replaceFirst("<eventId>[^<]*</eventId>", "<eventId>" + eventId + "</eventId>")
                .replaceFirst("<caseId>[^<]*</caseId>", "<caseId>JD-B-" + runId + "-" + i + "</caseId>");
        return new Event(eventId, xml, kind == qualifying);
    }

    /** How many of the first {@code n} events make a notice. */
    static int notices(int n) {
        return (n / 10) * 6 + Math.min(n % 10, 6);
    }

    /** The bench's recipients: the shipped file with every channel turned to the XML drop folder. */
    static String xmlRecipients(String shipped) {
        StringBuilder out = new StringBuilder();
        for (String line : shipped.split("\n")) {
            String[] cells = line.split(",", -1);
            out.append(cells.length == 3 && cells[1].equals("MAIL") ? cells[0] + ",XML," : line).append('\n');
        }
        return out.toString();
    }

    private static List<String> read(Path samples, List<String> names) throws IOException {
        List<String> bodies = new java.util.ArrayList<>();
        for (String name : names) {
            bodies.add(Files.readString(samples.resolve(name)));
        }
        return bodies;
    }

    record Event(String eventId, String xml, boolean qualifying) {
    }
}
