package dev.trellis.activities.tools;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps tool outputs too large for workflow history in PostgreSQL ({@code activities_blobs}). The
 * id derives from the run and call id, so a retried call overwrites its own blob rather than adding
 * another.
 */
public class BlobStore {

	private final JdbcTemplate jdbc;

	public BlobStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores the content and returns its id. */
	public String put(String runId, String nodeId, String callId, String contentType, String content) {
		String id = "blob_" + sha256(runId + "\u0000" + callId).substring(0, 32);
		jdbc.update("""
				INSERT INTO activities_blobs (id, run_id, node_id, call_id, content_type, content, size_bytes)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET content = EXCLUDED.content, content_type = EXCLUDED.content_type,
				    size_bytes = EXCLUDED.size_bytes
				""", id, runId, nodeId, callId, contentType, content, content.getBytes(StandardCharsets.UTF_8).length);
		return id;
	}

	public Optional<String> get(String id) {
		return jdbc.query("SELECT content FROM activities_blobs WHERE id = ?", rs -> rs.next()
				? Optional.of(rs.getString(1)) : Optional.empty(), id);
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}

}
