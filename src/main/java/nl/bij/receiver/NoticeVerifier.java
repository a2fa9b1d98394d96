package nl.bij.receiver;

import java.security.cert.X509Certificate;
import java.util.Optional;

import nl.bij.notice.InvalidNoticeException;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.wire.NoticeXml;

/**
 * What a mayor's office checks before it trusts a notice: that it is well-formed (no DTD, no external entities),
 * valid against the notice schema, and signed over the whole document by the key of the certificate the office
 * was given by Justid. The certificate inside the notice is never trusted: anyone can put one there.
 */
public final class NoticeVerifier {

    /** The receiver takes nothing larger: a notice is a few kilobytes. */
    public static final int MAX_BYTES = 1024 * 1024;

    /**
     * @param notice the notice, when it is valid
     * @param reason why it is not, in words that quote nothing from it
     */
    public record Verdict(Optional<NoticeXml> notice, String reason) {

        public boolean valid() {
            return notice.isPresent();
        }
    }

    private final NoticeDocuments documents = new NoticeDocuments();

    public Verdict verify(byte[] bytes, X509Certificate trusted) {
        if (bytes.length > MAX_BYTES) {
            return refused("larger than " + MAX_BYTES + " bytes");
        }
        try {
            documents.validate(bytes);
            if (!NoticeSigner.verify(documents.parse(bytes), trusted.getPublicKey())) {
                return refused("the signature does not verify with the trusted certificate (signed by another key,"
                        + " changed after signing, or not signed once over the whole document)");
            }
            return new Verdict(Optional.of(documents.read(bytes)), "valid");
        } catch (InvalidNoticeException e) {
            return refused(e.getMessage());
        }
    }

    private static Verdict refused(String reason) {
        return new Verdict(Optional.empty(), reason);
    }
}
