package dev.trellis.gateway.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The security audit log (table {@code security_audit}). Writes join the caller's transaction, so
 * an action and its record commit together. Details must never contain a token or a secret value.
 *
 * <pre>{@code
 * audit.record(caller.username(), "secret.written", "openai-key", Map.of());
 * }</pre>
 */
@Component
@ConditionalOnRole(TrellisRole.GATEWAY)
public class AuditLog {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	AuditLog(DataSource dataSource, ObjectMapper json) {
		this.jdbc = JdbcClient.create(dataSource);
		this.json = json;
	}

	/**
	 * Records an action. The remote address is taken from the current request, and the id of the API
	 * token that authenticated it (never the token) is added to the details, if any.
	 */
	public void record(String actor, String action, String target, Map<String, ?> details) {
		Map<String, Object> all = new LinkedHashMap<>(details);
		if (SecurityContextHolder.getContext().getAuthentication() instanceof TokenAuthentication token) {
			all.put("viaTokenId", token.tokenId());
		}
		record(actor, action, target, all, currentRemoteAddress());
	}

	void record(String actor, String action, String target, Map<String, ?> details, String remoteAddress) {
		try {
			jdbc.sql("""
					INSERT INTO security_audit (actor, action, target, details, remote_address)
					VALUES (:actor, :action, :target, CAST(:details AS jsonb), :remote)
					""")
				.param("actor", actor)
				.param("action", action)
				.param("target", target)
				.param("details", json.writeValueAsString(details))
				.param("remote", remoteAddress)
				.update();
		}
		catch (JsonProcessingException e) {
			throw new IllegalArgumentException("Audit details must be plain JSON values", e);
		}
	}

	/** The newest records first, optionally of one action only. */
	public List<Entry> recent(int limit, String action) {
		return jdbc.sql("""
				SELECT id, at, actor, action, target, details::text, remote_address FROM security_audit
				WHERE (CAST(:action AS text) IS NULL OR action = :action) ORDER BY id DESC LIMIT :limit
				""")
			.param("action", action)
			.param("limit", limit)
			.query((rs, i) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
					rs.getString(5), parse(rs.getString(6)), rs.getString(7)))
			.list();
	}

	private JsonNode parse(String details) {
		try {
			return json.readTree(details);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("security_audit.details is not JSON", e);
		}
	}

	private static String currentRemoteAddress() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
				? request.getRequest().getRemoteAddr() : null;
	}

	/** One audit record. */
	public record Entry(long id, Instant at, String actor, String action, String target, JsonNode details,
			String remoteAddress) {
	}

}
