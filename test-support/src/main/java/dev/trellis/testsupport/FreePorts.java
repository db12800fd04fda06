package dev.trellis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/** Loopback port helpers for processes started by tests. */
public final class FreePorts {

	private FreePorts() {
	}

	public static int next() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static boolean isListening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	/** Waits until something accepts connections on the port, failing with a clear message. */
	public static void awaitListening(int port, Duration timeout, String what) {
		Instant deadline = Instant.now().plus(timeout);
		while (!isListening(port)) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(what + " did not listen on port " + port + " within " + timeout);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}

}
