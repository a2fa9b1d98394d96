package nl.bij.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback that a test can cut, as a network outage would: every open connection is reset and new
 * ones are refused until it is restored. Or it can stall: connections are accepted but nothing is passed on, as a
 * server that hangs. Plain sockets and a thread per direction: a test tool for a handful of connections.
 */
final class TcpProxy implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean stalled;

    TcpProxy(int port, int targetPort) throws IOException {
        this.port = port;
        this.targetPort = targetPort;
        listen();
    }

    int port() {
        return port;
    }

    /** The outage: all connections reset, new ones refused. */
    synchronized void cut() throws IOException {
        ServerSocket listening = server;
        server = null;
        if (listening != null) {
            listening.close();
        }
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);   // a reset, not a polite close
                socket.close();
            } catch (IOException e) {
                // closed by its pump meanwhile
            }
        }
        open.clear();
    }

    /** The end of the outage: connections are accepted and passed on again. */
    synchronized void restore() throws IOException {
        stalled = false;
        if (server == null) {
            listen();
        }
    }

    /** A hanging server: new connections are accepted and then left without an answer. */
    void stall() {
        stalled = true;
    }

    private void listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                open.add(client);
                if (stalled) {
                    continue;   // accepted, and never answered
                }
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(target);
                pump(client, target);
                pump(target, client);
            } catch (IOException e) {
                // closed by cut(), or a connection that failed: the next one is tried
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
