package nl.bij.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.w3c.dom.Document;

import nl.bij.notice.NoticeComposer;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.Notices;
import nl.bij.notice.wire.NoticeXml;

/**
 * What a notice costs once the JIT has compiled it, step by step, on one thread: what intake does to store it
 * ({@code compose}), what delivery does around the signature ({@code prepareUnsigned}), the XML signature itself
 * ({@code sign}) and, for comparison, the bare RSA-3072 operation under it ({@code rsa3072}). The throughput
 * benchmark measures the whole service cold and warm; this measures the floor of its XML and signing work, which is
 * what no change of the service's design removes. Run with {@code bench/run NoticeBenchmark -prof gc} for the bytes
 * allocated per notice too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NoticeBenchmark {

    private static final ZonedDateTime LEAVING = Notices.NOW.plusDays(1);

    private NoticeDocuments documents;
    private NoticeComposer composer;
    private NoticeSigner signer;
    private NoticeXml notice;
    private byte[] composed;
    private byte[] signed;
    private Signature rsa;
    private byte[] signedInfo;

    @Setup
    public void prepare() throws GeneralSecurityException {
        documents = new NoticeDocuments();
        composer = new NoticeComposer(14);
        signer = Notices.signer();
        notice = Notices.full();
        composed = documents.toBytes(notice);
        Document document = documents.toDocumentForSigning(notice);
        signer.sign(document);
        signed = documents.toBytes(document);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        KeyPair keys = generator.generateKeyPair();
        rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(keys.getPrivate());
        // about the size of the canonical SignedInfo the XML signature signs
        signedInfo = new byte[600];
    }

    /** Intake's part: the notice bound from the decision, written as the bytes the outbox keeps, schema-checked. */
    @Benchmark
    public byte[] compose() {
        return documents.toBytes(notice);
    }

    /** Delivery's part without the signature: read back, stamp, make the document, serialise, check the signed bytes. */
    @Benchmark
    public Document prepareUnsigned() {
        NoticeXml leaving = documents.readComposed(composed);
        composer.stamp(leaving, LEAVING);
        Document document = documents.toDocumentForSigning(leaving);
        documents.toBytes(document);
        documents.validate(signed);
        return document;
    }

    /** The enveloped XMLDSig signature (RSA-SHA256, 3072-bit key) of a fresh document, with that document's making. */
    @Benchmark
    public Document sign() {
        Document document = documents.toDocumentForSigning(notice);
        signer.sign(document);
        return document;
    }

    /** The private-key operation alone, through the JDK's provider: the part of {@link #sign} no code of ours can cut. */
    @Benchmark
    public byte[] rsa3072() throws GeneralSecurityException {
        rsa.update(signedInfo);
        return rsa.sign();
    }
}
