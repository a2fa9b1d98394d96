package nl.bij.notice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Signs a notice with an enveloped XMLDSig signature (the JDK's javax.xml.crypto), so that a municipality can
 * check that it comes from this service and was not changed on the way. The profile is the one
 * {@code schemas/notice-xmldsig-1.xsd} allows: exclusive C14N, RSA-SHA256, one reference to the whole document,
 * the signer's certificate in KeyInfo.
 */
public final class NoticeSigner {

    private static final String IGNORE_LINE_BREAKS = "com.sun.org.apache.xml.internal.security.ignoreLineBreaks";

    static {
        // the JDK's XMLDSig wraps base64 at 76 characters with CRLF, which shows as &#13; in every notice
        if (System.getProperty(IGNORE_LINE_BREAKS) == null) {
            System.setProperty(IGNORE_LINE_BREAKS, "true");
        }
    }

    private static final XMLSignatureFactory DSIG = XMLSignatureFactory.getInstance("DOM");

    private final PrivateKey key;
    private final X509Certificate certificate;

    public NoticeSigner(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** Loads the signing key and its certificate from a PKCS#12 keystore. */
    public static NoticeSigner fromKeystore(Path keystore, char[] password, String alias) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
                throw new IllegalStateException("keystore " + keystore + " has no private key under alias '" + alias + "'");
            }
            return new NoticeSigner(key, (X509Certificate) store.getCertificate(alias));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the signing key from " + keystore + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Adds the signature as the last child of the notice element. */
    public void sign(Document notice) {
        try {
            Reference wholeDocument = DSIG.newReference("", DSIG.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(DSIG.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            DSIG.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo signedInfo = DSIG.newSignedInfo(
                    DSIG.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    DSIG.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(wholeDocument));
            KeyInfoFactory keys = DSIG.getKeyInfoFactory();
            KeyInfo keyInfo = keys.newKeyInfo(List.of(keys.newX509Data(List.of(certificate))));
            DSIG.newXMLSignature(signedInfo, keyInfo).sign(new DOMSignContext(key, notice.getDocumentElement()));
        } catch (GeneralSecurityException | MarshalException | XMLSignatureException e) {
            throw new IllegalStateException("cannot sign a notice: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the notice carries exactly one signature that the holder of {@code trusted} made over the whole
     * document as it is now. The key is the receiver's own trusted copy, never the certificate inside the notice.
     */
    public static boolean verify(Document notice, PublicKey trusted) {
        NodeList signatures = notice.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (signatures.getLength() != 1) {
            return false;
        }
        DOMValidateContext context = new DOMValidateContext(trusted, signatures.item(0));
        context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
        try {
            XMLSignature signature = DSIG.unmarshalXMLSignature(context);
            List<?> references = signature.getSignedInfo().getReferences();
            return references.size() == 1 && "".equals(((Reference) references.get(0)).getURI())
                    && signature.validate(context);
        } catch (MarshalException | XMLSignatureException e) {
            return false;
        }
    }
}
