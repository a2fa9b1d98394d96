package nl.bij.app;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.spi.PropertiesComponent;

import nl.bij.delivery.Recipients;

/**
 * The sftp channel's login, checked at start-up once any municipality receives over sftp: the service's private
 * key and the known-hosts file with each server's host key must be readable files. Camel's sftp endpoints read them
 * when they connect (nl.bij.delivery.NoticeDelivery names them); a missing file found then would fail every notice
 * of those municipalities at 3 am instead of the service at its start.
 */
final class SftpChannel {

    private SftpChannel() {
    }

    static void check(PropertiesComponent p, Recipients recipients) {
        long sftp = recipients.receivingOver("sftp");
        if (sftp == 0) {
            return;
        }
        readable(sftp, p, "bij.delivery.sftp.private-key-file", "the service's private key (OpenSSH or PEM)");
        readable(sftp, p, "bij.delivery.sftp.known-hosts-file", "the servers' host keys, as ssh-keyscan writes them");
    }

    private static void readable(long municipalities, PropertiesComponent p, String key, String what) {
        String value = BijConfiguration.property(p, key);
        if (value.isBlank() || !Files.isReadable(Path.of(value)) || Files.isDirectory(Path.of(value))) {
            throw new IllegalStateException(municipalities + " municipalities receive notices over sftp: set " + key
                    + " to a readable file with " + what + (value.isBlank() ? "" : " (" + value + " is not one)"));
        }
    }
}
