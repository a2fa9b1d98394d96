package nl.bij.delivery;

import java.lang.reflect.Method;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.SftpException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import nl.bij.notice.InvalidNoticeException;

/**
 * Transient or permanent: whether trying again later can help. Transient: the other side is unreachable, slow, or
 * says "later" (SMTP 4xx, HTTP 5xx, 408, 429). Permanent: trying again gives the same answer (an invalid address,
 * SMTP 5xx, HTTP 4xx, a notice that breaks its schema, a wrong login, an SFTP server's unknown host key); it goes
 * straight to FAILED for an operator.
 * What this class does not recognise is treated as transient: retrying something harmless beats giving up early.
 */
public final class DeliveryFailures {

    private static final int MAX_DESCRIPTION = 300;

    private DeliveryFailures() {
    }

    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof InvalidNoticeException || t instanceof AddressException
                    || t instanceof AuthenticationFailedException || t instanceof NotConnectedException) {
                return true;
            }
            Integer smtp = returnCode(t);
            if (smtp != null && smtp > 0) {
                return smtp >= 500;
            }
            Integer http = httpStatus(t);
            if (http != null) {
                return http >= 400 && http < 500 && http != 408 && http != 429;
            }
            if (refusedBySftpServer(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SFTP server will give the same answer again: a host key the service does not know (or one that changed),
     * no algorithm both sides speak, a refused login, or a folder that is missing or not writable. A server that
     * cannot be reached, or drops the connection, is transient.
     */
    private static boolean refusedBySftpServer(Throwable t) {
        if (t instanceof JSchHostKeyException || t instanceof JSchAlgoNegoFailException) {
            return true;
        }
        if (t instanceof SftpException e) {
            return e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE || e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED;
        }
        // JSch says a refused login only in its message ("Auth fail for methods 'publickey'", "Auth cancel")
        return t instanceof JSchException && t.getMessage() != null && t.getMessage().startsWith("Auth ");
    }

    /** What an operator reads: the failure's class and message, which name the server's reply, not the notice. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = next(t)) {
            root = t;
            if (returnCode(t) != null || httpStatus(t) != null) {
                break;
            }
        }
        String text = root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage().strip().replaceAll("\\s+", " "));
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** Angus Mail's SMTP exceptions carry the server's reply code. */
    private static Integer returnCode(Throwable t) {
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        return null;
    }

    /** camel-http's HttpOperationFailedException, read by name: the https channel's component is optional. */
    private static Integer httpStatus(Throwable t) {
        return intProperty(t, "getStatusCode", "org.apache.camel.http.");
    }

    private static Integer intProperty(Throwable t, String getter, String packagePrefix) {
        if (!t.getClass().getName().startsWith(packagePrefix)) {
            return null;
        }
        try {
            Method method = t.getClass().getMethod(getter);
            return (Integer) method.invoke(t);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }
}
