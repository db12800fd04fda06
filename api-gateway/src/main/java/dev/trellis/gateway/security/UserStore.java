package dev.trellis.gateway.security;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users and their API tokens in PostgreSQL. Every change is audited in the same transaction.
 * Plaintext tokens exist only in the value returned once by {@link #create} and {@link #issue}.
 */
@Component
@ConditionalOnRole(TrellisRole.GATEWAY)
class UserStore {

	static final String BOOTSTRAP_ADMIN = "admin";

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final AuditLog audit;

	UserStore(DataSource dataSource, PlatformTransactionManager transactions, AuditLog audit) {
		this.jdbc = JdbcClient.create(dataSource);
		this.tx = new TransactionTemplate(transactions);
		this.audit = audit;
	}

	record User(String username, Set<Role> roles, Set<String> groups, Instant createdAt, String createdBy) {
	}

	record IssuedToken(String tokenId, String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedToken[tokenId=" + tokenId + ", expiresAt=" + expiresAt + "]";
		}

	}

	record TokenInfo(String tokenId, String username, Instant createdAt, String createdBy, Instant expiresAt,
			Instant revokedAt, boolean bootstrap) {
	}

	/**
	 * Creates a user with a first token.
	 * @throws org.springframework.dao.DuplicateKeyException when the name is taken
	 */
	IssuedToken create(String username, Set<Role> roles, Set<String> groups, String by) {
		return tx.execute(status -> {
			jdbc.sql("""
					INSERT INTO security_users (username, roles, groups, created_by)
					VALUES (:username, :roles, :groups, :by)
					""")
				.param("username", username)
				.param("roles", roles.stream().map(Role::id).sorted().toArray(String[]::new))
				.param("groups", new TreeSet<>(groups).toArray(String[]::new))
				.param("by", by)
				.update();
			IssuedToken token = insertToken(username, null, by);
			audit.record(by, "user.created", username, Map.of("roles", roles.stream().map(Role::id).sorted().toList(),
					"groups", new TreeSet<>(groups), "tokenId", token.tokenId()));
			return token;
		});
	}

	List<User> list() {
		return jdbc.sql("SELECT username, roles, groups, created_at, created_by FROM security_users ORDER BY username")
			.query((rs, i) -> user(rs))
			.list();
	}

	Optional<User> find(String username) {
		return jdbc
			.sql("SELECT username, roles, groups, created_at, created_by FROM security_users WHERE username = :username")
			.param("username", username)
			.query((rs, i) -> user(rs))
			.optional();
	}

	/** Issues another token for an existing user; {@code expiresAt} may be {@code null} for none. */
	IssuedToken issue(String username, Instant expiresAt, String by) {
		return tx.execute(status -> {
			IssuedToken token = insertToken(username, expiresAt, by);
			Map<String, Object> details = new HashMap<>();
			details.put("tokenId", token.tokenId());
			details.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
			audit.record(by, "token.issued", username, details);
			return token;
		});
	}

	List<TokenInfo> tokens(String username) {
		return jdbc.sql("""
				SELECT token_id, username, created_at, created_by, expires_at, revoked_at, bootstrap
				FROM security_api_tokens WHERE username = :username ORDER BY created_at, token_id
				""").param("username", username).query((rs, i) -> tokenInfo(rs)).list();
	}

	Optional<TokenInfo> token(String tokenId) {
		return jdbc.sql("""
				SELECT token_id, username, created_at, created_by, expires_at, revoked_at, bootstrap
				FROM security_api_tokens WHERE token_id = :tokenId
				""").param("tokenId", tokenId).query((rs, i) -> tokenInfo(rs)).optional();
	}

	/** Revokes a token; {@code false} when it was already revoked. */
	boolean revoke(TokenInfo token, String by) {
		return Boolean.TRUE.equals(tx.execute(status -> {
			int changed = jdbc.sql("""
					UPDATE security_api_tokens SET revoked_at = now(), revoked_by = :by
					WHERE token_id = :tokenId AND revoked_at IS NULL
					""").param("by", by).param("tokenId", token.tokenId()).update();
			if (changed > 0) {
				audit.record(by, "token.revoked", token.username(), Map.of("tokenId", token.tokenId()));
			}
			return changed > 0;
		}));
	}

	/** The caller a token hash belongs to, if the token is neither revoked nor expired. */
	Optional<TokenAuthentication> authenticate(byte[] tokenHash) {
		return jdbc.sql("""
				SELECT u.username, u.roles, u.groups, t.token_id
				FROM security_api_tokens t JOIN security_users u ON u.username = t.username
				WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
				""").param("hash", tokenHash).query((rs, i) -> {
			List<GrantedAuthority> authorities = new ArrayList<>();
			for (String role : strings(rs.getArray(2))) {
				Role.parse(role).ifPresent(r -> authorities.add(r.authority()));
			}
			for (String group : strings(rs.getArray(3))) {
				authorities.add(new SimpleGrantedAuthority(Caller.GROUP_PREFIX + group));
			}
			return new TokenAuthentication(rs.getString(1), rs.getString(4), authorities);
		}).optional();
	}

	/**
	 * Makes sure the {@code admin} user exists, holds the admin role and owns {@code token}, and
	 * revokes a bootstrap token configured before this one. Safe when several gateways start at once:
	 * every statement is an idempotent upsert, serialised by a transaction-scoped advisory lock.
	 * A bootstrap token revoked through the API stays revoked.
	 * @return whether the token was newly stored
	 */
	boolean ensureBootstrapAdmin(String token) {
		byte[] hash = ApiTokens.hash(token);
		return Boolean.TRUE.equals(tx.execute(status -> {
			jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('trellis.bootstrap-admin'))").query().singleRow();
			jdbc.sql("""
					INSERT INTO security_users (username, roles, groups, created_by)
					VALUES (:username, '{admin}', '{}', 'bootstrap')
					ON CONFLICT (username) DO UPDATE SET roles = (
					    SELECT array_agg(DISTINCT r ORDER BY r) FROM unnest(security_users.roles || '{admin}'::text[]) r)
					""").param("username", BOOTSTRAP_ADMIN).update();
			int stored = jdbc.sql("""
					INSERT INTO security_api_tokens (token_id, username, token_hash, bootstrap, created_by)
					VALUES (:tokenId, :username, :hash, true, 'bootstrap')
					ON CONFLICT (token_hash) DO NOTHING
					""")
				.param("tokenId", UUID.randomUUID().toString())
				.param("username", BOOTSTRAP_ADMIN)
				.param("hash", hash)
				.update();
			int retired = jdbc.sql("""
					UPDATE security_api_tokens SET revoked_at = now(), revoked_by = 'bootstrap'
					WHERE bootstrap AND revoked_at IS NULL AND token_hash <> :hash
					""").param("hash", hash).update();
			if (stored > 0 || retired > 0) {
				audit.record("bootstrap", "user.bootstrap", BOOTSTRAP_ADMIN,
						Map.of("tokenStored", stored > 0, "previousTokensRevoked", retired), null);
			}
			return stored > 0;
		}));
	}

	private IssuedToken insertToken(String username, Instant expiresAt, String by) {
		String token = ApiTokens.generate();
		String tokenId = UUID.randomUUID().toString();
		jdbc.sql("""
				INSERT INTO security_api_tokens (token_id, username, token_hash, created_by, expires_at)
				VALUES (:tokenId, :username, :hash, :by, :expiresAt)
				""")
			.param("tokenId", tokenId)
			.param("username", username)
			.param("hash", ApiTokens.hash(token))
			.param("by", by)
			.param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
			.update();
		return new IssuedToken(tokenId, token, expiresAt);
	}

	private static User user(ResultSet rs) throws SQLException {
		Set<Role> roles = new TreeSet<>();
		for (String role : strings(rs.getArray(2))) {
			Role.parse(role).ifPresent(roles::add);
		}
		return new User(rs.getString(1), roles, new TreeSet<>(strings(rs.getArray(3))), rs.getTimestamp(4).toInstant(),
				rs.getString(5));
	}

	private static TokenInfo tokenInfo(ResultSet rs) throws SQLException {
		return new TokenInfo(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
				instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getBoolean(7));
	}

	private static Instant instant(Timestamp ts) {
		return ts == null ? null : ts.toInstant();
	}

	private static List<String> strings(Array array) throws SQLException {
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

}
