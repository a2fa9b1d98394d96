package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * What the crash and failover tests count after the service stopped: per event its decisions in the database, per
 * notice its mails at the relay (by Message-ID, which is the noticeId). A problem is an event without exactly one
 * NOTIFIED decision, or whose notice never arrived; a duplicate is a second mail with the same noticeId.
 */
record DeliveryTally(int events, List<String> problems, int mails, int distinctNotices, int duplicates) {

    static DeliveryTally count(List<String> eventIds, String databaseUrl, String user, MimeMessage[] mails)
            throws SQLException, MessagingException {
        Map<String, List<String[]>> decisionsByEvent = decisions(databaseUrl, user);
        Map<String, Integer> copiesByMessageId = new HashMap<>();
        for (MimeMessage mail : mails) {
            copiesByMessageId.merge(mail.getMessageID(), 1, Integer::sum);
        }
        List<String> problems = new ArrayList<>();
        int duplicates = 0;
        for (String eventId : eventIds) {
            List<String[]> decisions = decisionsByEvent.getOrDefault(eventId, List.of());
            if (decisions.size() != 1 || !"NOTIFIED".equals(decisions.get(0)[0])) {
                problems.add(eventId + ": " + decisions.stream().map(d -> d[0]).toList());
                continue;
            }
            int copies = copiesByMessageId.getOrDefault("<" + decisions.get(0)[1] + "@justid.example>", 0);
            if (copies == 0) {
                problems.add(eventId + ": notice " + decisions.get(0)[1] + " never arrived");
            }
            duplicates += Math.max(0, copies - 1);
        }
        return new DeliveryTally(eventIds.size(), problems, mails.length, copiesByMessageId.size(), duplicates);
    }

    /** The report's two lines on decisions and mails. */
    String lines() {
        return String.format("  decisions: %d events with exactly one decision (NOTIFIED), %d problems%n"
                        + "  mails: %d received, %d distinct notices, %d duplicate deliveries (same noticeId)%n",
                events - problems.size(), problems.size(), mails, distinctNotices, duplicates);
    }

    /** Nothing lost, nothing decided twice, and every extra mail a repeat of a notice that arrived. */
    void assertNothingLost() {
        assertThat(problems).as("events without exactly one NOTIFIED decision or without their notice").isEmpty();
        assertThat(distinctNotices).isEqualTo(events);
        assertThat(mails).isEqualTo(events + duplicates);
    }

    /** Per eventId: its decisions (decision, noticeId). */
    private static Map<String, List<String[]>> decisions(String url, String user) throws SQLException {
        Map<String, List<String[]>> byEvent = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, user, "");
             ResultSet rs = c.createStatement().executeQuery("select event_id, decision, notice_id from decision")) {
            while (rs.next()) {
                byEvent.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return byEvent;
    }
}
