package nl.bij.delivery;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.mail.internet.MimeMessage;

import org.w3c.dom.Document;

import nl.bij.notice.NoticeComposer;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.NoticeText;
import nl.bij.notice.wire.NoticeXml;

/**
 * Turns a composed notice into a parcel for its municipality's channel, at the moment it leaves: stamps it
 * (provided-at, urgent, destroy-by), signs it, checks it against the schema once more, and for mail adds the
 * Dutch text. The channel is looked up now, not when the event was decided, so that an operator who connects a
 * municipality and replays its failed notices needs nothing else.
 */
public final class NoticeDelivery {

    /** The registry name of the connection factory for the municipalities' queues (nl.bij.app.QueueChannel). */
    public static final String MUNICIPALITY_QUEUES = "bijMunicipalityQueues";

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    /** Write under a temporary name and rename (atomic for readers); never overwrite a notice already there. */
    private static final String SAFE_FILE_OPTIONS = "tempPrefix=.writing-&fileExist=Ignore";
    /**
     * For the service's own drop folder: 16 kB holds a signed notice (about 8 kB) whole; Camel's default buffer of
     * 128 kB was allocated afresh per file, a thirtieth of all the drain allocated (issue 19).
     */
    private static final String BUFFER = "bufferSize=16384";

    private final Recipients recipients;
    private final NoticeDocuments documents;
    private final NoticeComposer composer;
    private final NoticeSigner signer;
    private final NoticeText text;
    private final MailNotice mail;
    private final String mailEndpoint;
    private final Path outbox;
    private final Clock clock;

    /**
     * @param mailEndpoint the SMTP endpoint URI; empty to write mail notices as .eml files to the outbox instead
     * @param outbox       the default drop folder, one subfolder per municipality code
     */
    public NoticeDelivery(Recipients recipients, NoticeDocuments documents, NoticeComposer composer, NoticeSigner signer,
                          NoticeText text, MailNotice mail, String mailEndpoint, Path outbox, Clock clock) {
        this.recipients = recipients;
        this.documents = documents;
        this.composer = composer;
        this.signer = signer;
        this.text = text;
        this.mail = mail;
        this.mailEndpoint = mailEndpoint;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Parcel prepare(byte[] composedNotice) {
        NoticeXml notice = documents.readComposed(composedNotice);
        String municipality = notice.getRecipient().getMunicipalityCode();
        Recipient recipient = recipients.of(municipality).orElseThrow(() -> new NotConnectedException(municipality));
        composer.stamp(notice, ZonedDateTime.now(clock.withZone(AMSTERDAM)));
        byte[] signed = sign(notice);
        return recipient.channel() == Channel.XML ? xml(notice, recipient, signed) : mail(notice, recipient, signed);
    }

    private byte[] sign(NoticeXml notice) {
        Document document = documents.toDocumentForSigning(notice);
        signer.sign(document);
        byte[] signed = documents.toBytes(document);
        documents.validate(signed);
        return signed;
    }

    private Parcel xml(NoticeXml notice, Recipient recipient, byte[] signed) {
        if (recipient.target().startsWith("https:")) {
            return https(notice, recipient, signed);
        }
        if (recipient.target().startsWith("sftp:")) {
            return sftp(notice, recipient, signed);
        }
        if (recipient.target().startsWith("jms:")) {
            return queue(notice, recipient, signed);
        }
        String endpoint = recipient.target().isEmpty() ? folder(recipient.municipality()) : safe(recipient.target());
        return new Parcel(notice.getNoticeId(), recipient.municipality(), Channel.XML, endpoint,
                notice.getNoticeId() + ".xml", signed, "XML to " + endpointName(endpoint));
    }

    /**
     * The municipality's own endpoint, the way Dutch government systems exchange messages (Digikoppeling's REST
     * profile): {@code PUT {target}/notices/{noticeId}} with the signed XML, over mutual TLS (the https component is
     * configured with the service's client certificate and the trusted servers). PUT by noticeId is idempotent: a
     * receiver that has the notice already answers 409, which counts as delivered. No redirects are followed.
     */
    private Parcel https(NoticeXml notice, Recipient recipient, byte[] signed) {
        String base = recipient.target().replaceAll("/+$", "");
        String endpoint = base + "/notices/" + notice.getNoticeId()
                + "?httpMethod=PUT&okStatusCodeRange=200-299,409&followRedirects=false";
        return new Parcel(notice.getNoticeId(), recipient.municipality(), Channel.XML, endpoint, null, signed,
                "XML to " + base, "application/xml");
    }

    /**
     * The municipality's own SFTP server ({@code sftp://user@host[:port]/folder}): the service logs in with its key,
     * and the server's host key must be in the service's known-hosts file (never accepted unseen). The file is
     * written under a temporary name and renamed, and never overwrites a notice already there, so a notice sent
     * twice (a crash between sending and recording) is one file. The login settings are placeholders, resolved by
     * Camel when it makes the endpoint, so that no passphrase passes through the parcel; one connection per notice.
     */
    private Parcel sftp(NoticeXml notice, Recipient recipient, byte[] signed) {
        URI target = URI.create(recipient.target());
        String server = "sftp://" + target.getHost() + ":" + (target.getPort() < 0 ? 22 : target.getPort())
                + target.getRawPath();
        String endpoint = server + "?username=" + target.getRawUserInfo() + "&" + SAFE_FILE_OPTIONS
                + "&privateKeyFile={{bij.delivery.sftp.private-key-file}}"
                + "&privateKeyPassphrase=RAW({{bij.delivery.sftp.private-key-passphrase}})"
                + "&knownHostsFile={{bij.delivery.sftp.known-hosts-file}}&useUserKnownHostsFile=false"
                + "&strictHostKeyChecking=yes&preferredAuthentications=publickey"
                + "&connectTimeout={{bij.delivery.sftp.connect-timeout-ms}}&timeout={{bij.delivery.sftp.timeout-ms}}"
                + "&soTimeout={{bij.delivery.sftp.timeout-ms}}&disconnect=true";
        return new Parcel(notice.getNoticeId(), recipient.municipality(), Channel.XML, endpoint,
                notice.getNoticeId() + ".xml", signed, "XML to " + server);
    }

    /**
     * The municipality's queue on the service's broker ({@code jms:queue:NAME}). Sent through a connection factory
     * of its own ({@value #MUNICIPALITY_QUEUES}), not in the delivery message's transaction: the notice is on the
     * queue, durably, before it is recorded delivered. (In that transaction it would be committed only after the
     * record, and a crash in between would leave a notice recorded delivered that never reached the queue.) A notice
     * sent again after a crash between sending and recording carries the same duplicate id, which the broker drops
     * (Artemis' duplicate detection), so the municipality reads it once; an operator's forced resend carries another
     * (the delivery route sets it from Decisions.sendingId).
     */
    private Parcel queue(NoticeXml notice, Recipient recipient, byte[] signed) {
        String endpoint = recipient.target() + "?connectionFactory=#" + MUNICIPALITY_QUEUES
                + "&transacted=false&deliveryPersistent=true&jmsMessageType=Bytes&disableReplyTo=true";
        return new Parcel(notice.getNoticeId(), recipient.municipality(), Channel.XML, endpoint, null, signed,
                "XML to " + recipient.target());
    }

    private Parcel mail(NoticeXml notice, Recipient recipient, byte[] signed) {
        MimeMessage message = mail.compose(notice.getNoticeId(), recipient.target(), NoticeText.subject(notice),
                text.render(notice), signed);
        if (mailEndpoint.isBlank()) {
            String folder = folder(recipient.municipality());
            return new Parcel(notice.getNoticeId(), recipient.municipality(), Channel.MAIL, folder,
                    notice.getNoticeId() + ".eml", MailNotice.toEml(message),
                    "MAIL (no relay configured: .eml) to " + endpointName(folder));
        }
        return new Parcel(notice.getNoticeId(), recipient.municipality(), Channel.MAIL, mailEndpoint, null, message,
                "MAIL to " + recipient.target());
    }

    private String folder(String municipality) {
        // the service's own drop folder: its files and folders are the service user's only (a municipality's own
        // file: target sets the permissions its reader needs)
        return "file:" + outbox.resolve(municipality).toAbsolutePath() + "?" + SAFE_FILE_OPTIONS
                + "&chmod=600&chmodDirectory=700&" + BUFFER;
    }

    /** A configured folder gets the same safety options unless it names its own. */
    private static String safe(String endpoint) {
        if (!endpoint.startsWith("file:") || endpoint.contains("fileExist=")) {
            return endpoint;
        }
        return endpoint + (endpoint.contains("?") ? "&" : "?") + SAFE_FILE_OPTIONS;
    }

    /** The endpoint without its options, which may hold credentials. */
    private static String endpointName(String endpoint) {
        int options = endpoint.indexOf('?');
        return options < 0 ? endpoint : endpoint.substring(0, options);
    }
}
