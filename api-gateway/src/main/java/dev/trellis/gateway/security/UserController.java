package dev.trellis.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trellis.gateway.web.ApiException;
import dev.trellis.gateway.web.ApiException.FieldProblem;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users and API tokens (API.md, "Users, tokens and secrets"). Admins create users; every user
 * issues, lists and revokes their own tokens, admins anyone's. A token's value appears in exactly one
 * response: the one that created it.
 */
@RestController
@ConditionalOnRole(TrellisRole.GATEWAY)
class UserController {

	static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

	private final UserStore users;

	UserController(UserStore users) {
		this.users = users;
	}

	record NewUser(@NotNull String username, @NotEmpty List<String> roles, List<String> groups) {
	}

	record CreatedUser(String username, List<String> roles, List<String> groups, String token) {

		@Override
		public String toString() {
			return "CreatedUser[username=" + username + ", roles=" + roles + ", groups=" + groups + "]";
		}

	}

	record UserJson(String username, List<String> roles, List<String> groups, Instant createdAt, String createdBy) {

		static UserJson of(UserStore.User user) {
			return new UserJson(user.username(), user.roles().stream().map(Role::id).toList(),
					List.copyOf(user.groups()), user.createdAt(), user.createdBy());
		}

	}

	/** Both optional: {@code expiresAt} an instant, or {@code expiresIn} like {@code P30D} or {@code 72h}. */
	record NewToken(Instant expiresAt, String expiresIn) {
	}

	record Token(String tokenId, String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "Token[tokenId=" + tokenId + ", expiresAt=" + expiresAt + "]";
		}

	}

	record TokenJson(String tokenId, Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt,
			boolean active, boolean bootstrap) {

		static TokenJson of(UserStore.TokenInfo t) {
			boolean active = t.revokedAt() == null && (t.expiresAt() == null || t.expiresAt().isAfter(Instant.now()));
			return new TokenJson(t.tokenId(), t.createdAt(), t.createdBy(), t.expiresAt(), t.revokedAt(), active,
					t.bootstrap());
		}

	}

	record Me(String username, List<String> roles, List<String> groups) {
	}

	@GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
	Me me(Authentication auth) {
		Caller caller = Caller.of(auth);
		return new Me(caller.username(), caller.roles().stream().sorted().toList(),
				caller.groups().stream().sorted().toList());
	}

	@GetMapping(path = "/api/users", produces = MediaType.APPLICATION_JSON_VALUE)
	List<UserJson> list() {
		return users.list().stream().map(UserJson::of).toList();
	}

	@PostMapping(path = "/api/users", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CreatedUser> create(@Valid @RequestBody NewUser body, Authentication auth) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!USERNAME.matcher(body.username()).matches()) {
			problems.add(new FieldProblem("username", "1-64 letters, digits, '.', '_', '@' or '-'"));
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (int i = 0; i < body.roles().size(); i++) {
			String path = "roles[" + i + "]";
			Role.parse(body.roles().get(i))
				.ifPresentOrElse(roles::add, () -> problems
					.add(new FieldProblem(path, "unknown role; one of admin, builder, reviewer, viewer")));
		}
		Set<String> groups = new LinkedHashSet<>(body.groups() == null ? List.of() : body.groups());
		int g = 0;
		for (String group : groups) {
			if (group == null || !GROUP.matcher(group).matches()) {
				problems.add(new FieldProblem("groups[" + g + "]", "1-64 letters, digits, '.', '_' or '-'"));
			}
			g++;
		}
		if (!problems.isEmpty()) {
			throw ApiException.badRequest("The user is not valid", problems);
		}
		UserStore.IssuedToken token;
		try {
			token = users.create(body.username(), roles, groups, Caller.of(auth).username());
		}
		catch (DuplicateKeyException e) {
			throw ApiException.conflict("A user named '" + body.username() + "' exists");
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new CreatedUser(body.username(), roles.stream().map(Role::id).toList(), List.copyOf(groups),
					token.token()));
	}

	@GetMapping(path = "/api/users/{username}/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
	List<TokenJson> tokens(@PathVariable String username, Authentication auth) {
		requireSelfOrAdmin(username, auth);
		requireUser(username);
		return users.tokens(username).stream().map(TokenJson::of).toList();
	}

	@PostMapping(path = "/api/users/{username}/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Token> issue(@PathVariable String username, @RequestBody(required = false) NewToken body,
			Authentication auth) {
		requireSelfOrAdmin(username, auth);
		requireUser(username);
		Instant expiresAt = expiry(body);
		UserStore.IssuedToken token = users.issue(username, expiresAt, Caller.of(auth).username());
		return ResponseEntity.status(HttpStatus.CREATED).body(new Token(token.tokenId(), token.token(), expiresAt));
	}

	@DeleteMapping("/api/tokens/{tokenId}")
	ResponseEntity<Void> revoke(@PathVariable String tokenId, Authentication auth) {
		UserStore.TokenInfo token = users.token(tokenId)
			.orElseThrow(() -> ApiException.notFound("No token with id '" + tokenId + "'"));
		requireSelfOrAdmin(token.username(), auth);
		users.revoke(token, Caller.of(auth).username());
		return ResponseEntity.noContent().build();
	}

	private static void requireSelfOrAdmin(String username, Authentication auth) {
		Caller caller = Caller.of(auth);
		if (!caller.isAdmin() && !caller.username().equals(username)) {
			throw ApiException.forbidden("Only an admin manages the tokens of another user");
		}
	}

	private void requireUser(String username) {
		if (users.find(username).isEmpty()) {
			throw ApiException.notFound("No user named '" + username + "'");
		}
	}

	static Instant expiry(NewToken body) {
		if (body == null || (body.expiresAt() == null && body.expiresIn() == null)) {
			return null;
		}
		if (body.expiresAt() != null && body.expiresIn() != null) {
			throw ApiException.badRequest("Give expiresAt or expiresIn, not both",
					List.of(new FieldProblem("expiresIn", "conflicts with expiresAt")));
		}
		Instant at = body.expiresAt() != null ? body.expiresAt() : Instant.now().plus(duration(body.expiresIn()));
		if (!at.isAfter(Instant.now())) {
			throw ApiException.badRequest("A token must expire in the future",
					List.of(new FieldProblem(body.expiresAt() != null ? "expiresAt" : "expiresIn", "not in the future")));
		}
		return at;
	}

	private static Duration duration(String text) {
		Matcher shortForm = SHORT_DURATION.matcher(text.trim());
		try {
			if (shortForm.matches()) {
				long n = Long.parseLong(shortForm.group(1));
				return switch (shortForm.group(2)) {
					case "s" -> Duration.ofSeconds(n);
					case "m" -> Duration.ofMinutes(n);
					case "h" -> Duration.ofHours(n);
					default -> Duration.ofDays(n);
				};
			}
			return Duration.parse(text.trim());
		}
		catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
			throw ApiException.badRequest("expiresIn is not a duration",
					List.of(new FieldProblem("expiresIn", "an ISO-8601 duration (P30D) or 30s, 5m, 72h, 30d")));
		}
	}

}
