package nl.bij.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A mail relay in front of GreenMail, for what GreenMail's SMTP server cannot do: it offers STARTTLS (with a
 * certificate made for 127.0.0.1 by keytool) and records whether each session upgraded, and it answers RCPT TO of
 * chosen addresses with a permanent {@code 550} or a transient {@code 451}. Everything else it passes through to GreenMail line by line, so
 * the service speaks real SMTP to a real server. A test-only stand-in, because no library server does both.
 */
final class SmtpFront implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final SSLContext tls;
    private final Set<String> rejected;
    private final Set<String> deferred;
    private final List<String> sessions = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    /**
     * @param rejectedRecipients answered {@code 550} (permanent)
     * @param deferredRecipients answered {@code 451} (transient), every time
     */
    SmtpFront(int upstreamPort, Set<String> rejectedRecipients, Set<String> deferredRecipients) throws Exception {
        this.upstreamPort = upstreamPort;
        this.rejected = rejectedRecipients;
        this.deferred = deferredRecipients;
        this.tls = serverContext();
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Per SMTP session that sent a message: the TLS protocol it upgraded to, or "PLAIN". */
    List<String> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> session(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void session(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            InputStream upIn = upstream.getInputStream();
            OutputStream upOut = upstream.getOutputStream();
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            write(out, reply(upIn));
            String protocol = "PLAIN";
            boolean data = false;
            for (String line = readLine(in); line != null; line = readLine(in)) {
                String command = line.toUpperCase();
                if (data) {
                    write(upOut, line);
                    if (line.equals(".")) {
                        data = false;
                        write(out, reply(upIn));
                    }
                } else if (command.startsWith("EHLO")) {
                    write(upOut, line);
                    write(out, withStartTls(reply(upIn), !protocol.equals("PLAIN")));
                } else if (command.equals("STARTTLS")) {
                    write(out, List.of("220 2.0.0 Ready to start TLS"));
                    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, null, false);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    protocol = secure.getSession().getProtocol();
                    in = secure.getInputStream();
                    out = secure.getOutputStream();
                } else if (command.startsWith("RCPT TO") && names(line, rejected)) {
                    write(out, List.of("550 5.1.1 Recipient address rejected: User unknown"));
                } else if (command.startsWith("RCPT TO") && names(line, deferred)) {
                    write(out, List.of("451 4.3.0 Mailbox temporarily unavailable, try again later"));
                } else {
                    if (command.startsWith("DATA")) {
                        data = true;
                        sessions.add(protocol);
                    }
                    write(upOut, line);
                    List<String> reply = reply(upIn);
                    write(out, reply);
                    if (data && !reply.get(0).startsWith("354")) {
                        data = false;
                    }
                }
            }
        } catch (IOException e) {
            // the client or GreenMail went away: that session ends, as it would at a real relay
        }
    }

    private static boolean names(String command, Set<String> addresses) {
        return addresses.stream().anyMatch(address -> command.contains("<" + address + ">"));
    }

    /** Adds STARTTLS to the EHLO reply, unless the session is already encrypted. */
    private static List<String> withStartTls(List<String> reply, boolean alreadyTls) {
        if (alreadyTls) {
            return reply;
        }
        List<String> lines = new ArrayList<>();
        for (String line : reply) {
            lines.add(line.substring(0, 3) + "-" + line.substring(4));
        }
        lines.add("250 STARTTLS");
        return lines;
    }

    /** One SMTP reply: lines until one whose fourth character is a space. */
    private static List<String> reply(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine(in);
            if (line == null) {
                throw new IOException("upstream closed");
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return lines;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String line) throws IOException {
        write(out, List.of(line));
    }

    private static void write(OutputStream out, List<String> lines) throws IOException {
        for (String line : lines) {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.flush();
    }

    private static SSLContext serverContext() throws Exception {
        Path keystore = Files.createTempDirectory("bij-smtp-tls").resolve("relay.p12");
        char[] password = "test-only".toCharArray();
        SigningKeys.generate(keystore, "relay", "test-only", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
