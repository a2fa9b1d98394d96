package nl.bij.delivery;

/**
 * A notice ready to leave: what to send, and to which Camel endpoint. The route only sends it.
 *
 * @param endpointUri the endpoint, from configuration only (recipients file or mail settings)
 * @param fileName    the file name for folder endpoints: {@code <noticeId>.xml} or {@code .eml}
 * @param payload     the signed XML bytes, the mail's .eml bytes, or a {@code MimeMessage} for the SMTP endpoint
 * @param where       for the log and the summary: channel and place, no personal data
 * @param contentType the media type an HTTP endpoint is told (application/xml), or null for the others
 */
public record Parcel(String noticeId, String municipality, Channel channel, String endpointUri, String fileName,
                     Object payload, String where, String contentType) {

    /** Whether it goes to a JMS queue, whose broker drops a duplicate id it has seen (Decisions.sendingId). */
    public boolean toQueue() {
        return endpointUri.startsWith("jms:");
    }

    public Parcel(String noticeId, String municipality, Channel channel, String endpointUri, String fileName,
                  Object payload, String where) {
        this(noticeId, municipality, channel, endpointUri, fileName, payload, where, null);
    }
}
