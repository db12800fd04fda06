package dev.trellis.gateway.trace;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A client that does not read: a raw TCP socket with a tiny receive buffer that completes the
 * WebSocket upgrade and then leaves the server's frames unread until the test drains them, frame by
 * frame, including the close frame and its reason.
 */
final class RawTraceSocket implements AutoCloseable {

	/** What the server sent: text messages in order, then its close code and reason. */
	record Received(List<String> texts, int closeCode, String closeReason) {
	}

	private final Socket socket;

	private final DataInputStream in;

	private RawTraceSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
	}

	static RawTraceSocket open(int port, String pathAndQuery, int receiveBuffer) throws IOException {
		Socket socket = new Socket();
		// Set before connecting so the advertised window stays this small.
		socket.setReceiveBufferSize(receiveBuffer);
		socket.connect(new InetSocketAddress("localhost", port), 5000);
		socket.setSoTimeout(30_000);
		OutputStream out = socket.getOutputStream();
		String key = Base64.getEncoder().encodeToString("trellis-slow-key".getBytes(StandardCharsets.US_ASCII));
		out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
				+ "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		RawTraceSocket raw = new RawTraceSocket(socket);
		String status = raw.readHeaders();
		if (!status.contains(" 101 ")) {
			socket.close();
			throw new IOException("Upgrade refused: " + status);
		}
		return raw;
	}

	/** Reads every frame until the server's close frame. */
	Received drain() throws IOException {
		List<String> texts = new ArrayList<>();
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		while (true) {
			int b0 = in.readUnsignedByte();
			int b1 = in.readUnsignedByte();
			boolean fin = (b0 & 0x80) != 0;
			int opcode = b0 & 0x0F;
			long length = b1 & 0x7F;
			if (length == 126) {
				length = in.readUnsignedShort();
			}
			else if (length == 127) {
				length = in.readLong();
			}
			byte[] payload = new byte[(int) length];
			in.readFully(payload);
			if (opcode == 0x8) {
				int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
				String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
				return new Received(texts, code, reason);
			}
			if (opcode == 0x1 || opcode == 0x0) {
				message.write(payload);
				if (fin) {
					texts.add(message.toString(StandardCharsets.UTF_8));
					message.reset();
				}
			}
		}
	}

	private String readHeaders() throws IOException {
		StringBuilder headers = new StringBuilder();
		while (!headers.toString().endsWith("\r\n\r\n")) {
			headers.append((char) in.readUnsignedByte());
		}
		return headers.substring(0, headers.indexOf("\r\n"));
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

}
