package dev.trellis.gateway.security;

import java.net.URI;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what: one rule per method and path pattern of {@code /api/**} and {@code /codec/**}.
 * A request no rule matches is refused (403, or 401 without a token): a new endpoint is unreachable
 * until it gets a rule here, and the authorisation matrix test fails until then.
 *
 * <p>Rules decide by role only. Checks on one item (a reviewer may decide only approvals assigned to
 * them or their groups; a user may manage only their own tokens) stay with the handler, which
 * answers {@code ApiException.forbidden(...)}; such rules say so with {@link Rule#itemChecked()}.
 *
 * <p>When several rules match, the most specific pattern wins, so the order below is for readers.
 */
public final class RouteTable {

	/** The problem type of a request refused here, as opposed to a handler's own 403. */
	public static final URI ROLE_DENIED = URI.create("https://trellis.dev/problems/forbidden-by-role");

	private static final Set<Role> ANY_ROLE = EnumSet.allOf(Role.class);

	private static final Set<Role> BUILDERS = EnumSet.of(Role.ADMIN, Role.BUILDER);

	private static final Set<Role> DECIDERS = EnumSet.of(Role.ADMIN, Role.BUILDER, Role.REVIEWER);

	private static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);

	private static final PathPatternParser parser = PathPatternParser.defaultInstance;

	private static final UrlPathHelper paths = UrlPathHelper.defaultInstance;

	/** The table Trellis runs with. */
	public static final RouteTable DEFAULT = new RouteTable(List.of(
			// Public: the API description (JSON, its springdoc sub-resources, and YAML).
			Rule.open("GET", "/api/openapi.json"),
			Rule.open("GET", "/api/openapi.json/**"),
			Rule.open("GET", "/api/openapi.json.yaml"),

			// Who am I: any valid token, even one whose user holds no role yet.
			Rule.authenticated("GET", "/api/me"),

			// Registry: everyone reads; builders publish new versions and import bundles.
			Rule.of("GET", "/api/registry/**", ANY_ROLE),
			Rule.of("POST", "/api/registry/{kind}", BUILDERS),
			Rule.of("POST", "/api/registry/{kind}/{name}/versions/{version}/deprecate", BUILDERS),
			Rule.of("POST", "/api/registry/import", BUILDERS),

			// Runs: everyone reads; builders start, steer and rerun.
			Rule.of("GET", "/api/runs", ANY_ROLE),
			Rule.of("GET", "/api/runs/**", ANY_ROLE),
			Rule.of("POST", "/api/runs", BUILDERS).limitedBy(Limit.RUN_START),
			Rule.of("POST", "/api/runs/{runId}/cancel", BUILDERS),
			Rule.of("POST", "/api/runs/{runId}/pause", BUILDERS),
			Rule.of("POST", "/api/runs/{runId}/resume", BUILDERS),
			Rule.of("POST", "/api/runs/{runId}/rerun", BUILDERS).limitedBy(Limit.RUN_START),
			Rule.of("POST", "/api/runs/{runId}/retry", BUILDERS).limitedBy(Limit.RUN_START),
			Rule.of("POST", "/api/runs/retry", BUILDERS).limitedBy(Limit.RUN_START),

			// Approvals: the inbox; the approvals code narrows to items assigned to the caller.
			Rule.of("GET", "/api/approvals", DECIDERS).checkedPerItem(),
			Rule.of("GET", "/api/approvals/**", DECIDERS).checkedPerItem(),
			Rule.of("POST", "/api/approvals/{approvalId}/decision", DECIDERS).checkedPerItem()
				.limitedBy(Limit.APPROVAL_DECISION),

			// Users and tokens: admins manage users; everyone manages their own tokens.
			Rule.of("GET", "/api/users", ADMINS),
			Rule.of("POST", "/api/users", ADMINS),
			Rule.authenticated("GET", "/api/users/{username}/tokens").checkedPerItem(),
			Rule.authenticated("POST", "/api/users/{username}/tokens").checkedPerItem(),
			Rule.authenticated("DELETE", "/api/tokens/{tokenId}").checkedPerItem(),
			Rule.of("GET", "/api/audit", ADMINS),

			// Secrets: values are write-only; builders need them for model and tool specs.
			Rule.of("GET", "/api/secrets", BUILDERS),
			Rule.of("PUT", "/api/secrets/{name}", BUILDERS),
			Rule.of("DELETE", "/api/secrets/{name}", BUILDERS),
			Rule.of("POST", "/api/secrets/rotate-master-key", ADMINS),

			// The Temporal UI's remote codec: decoded payloads are run data, not for viewers.
			Rule.of("POST", "/codec/encode", BUILDERS),
			Rule.of("POST", "/codec/decode", BUILDERS)));

	private final List<Rule> rules;

	public RouteTable(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	public List<Rule> rules() {
		return rules;
	}

	/** Whether this table governs a path: everything under {@code /api} and {@code /codec}. */
	public static boolean governs(String path) {
		return path.equals("/api") || path.startsWith("/api/") || path.equals("/codec") || path.startsWith("/codec/");
	}

	/** The path of a request within the application, as rules see it. */
	public static String pathOf(HttpServletRequest request) {
		return paths.getPathWithinApplication(request);
	}

	/** The rule for a request, if any; {@code HEAD} is treated as {@code GET}, as Spring MVC does. */
	public Optional<Rule> match(String method, String path) {
		String effective = "HEAD".equalsIgnoreCase(method) ? "GET" : method.toUpperCase(Locale.ROOT);
		PathContainer container = PathContainer.parsePath(path);
		return rules.stream()
			.filter(r -> r.method().equals(effective) && r.pattern().matches(container))
			.min(Comparator.comparing(Rule::pattern, PathPattern.SPECIFICITY_COMPARATOR));
	}

	public Optional<Rule> match(HttpServletRequest request) {
		return match(request.getMethod(), pathOf(request));
	}

	/**
	 * Whether an authenticated or anonymous caller passes the route check. Anonymous callers pass
	 * only public rules.
	 */
	public boolean allows(Rule rule, Authentication auth) {
		if (rule.access() == Access.PUBLIC) {
			return true;
		}
		if (auth == null || !auth.isAuthenticated() || isAnonymous(auth)) {
			return false;
		}
		if (rule.access() == Access.AUTHENTICATED) {
			return true;
		}
		Set<String> held = Caller.of(auth).roles();
		return rule.roles().stream().anyMatch(r -> held.contains(r.id()));
	}

	static boolean isAnonymous(Authentication auth) {
		return auth instanceof AnonymousAuthenticationToken;
	}

	/** How a rule admits callers. */
	public enum Access {

		/** Anyone, without a token. */
		PUBLIC,
		/** Any valid token. */
		AUTHENTICATED,
		/** A token whose user holds one of the rule's roles. */
		ROLES

	}

	/** The per-user rate limits some writes count against. */
	public enum Limit {

		RUN_START("run-start"), APPROVAL_DECISION("approval-decision");

		private final String key;

		Limit(String key) {
			this.key = key;
		}

		public String key() {
			return key;
		}

	}

	/**
	 * One route.
	 *
	 * @param method the HTTP method, upper case
	 * @param pattern the path pattern ({@code {var}} one segment, {@code **} the rest)
	 * @param access who passes
	 * @param roles the roles that pass, for {@link Access#ROLES}
	 * @param itemChecked the handler narrows further per item and may answer its own 403
	 * @param limit the rate limit requests count against, or {@code null}
	 */
	public record Rule(String method, PathPattern pattern, Access access, Set<Role> roles, boolean itemChecked,
			Limit limit) {

		static Rule open(String method, String pattern) {
			return new Rule(method, parser.parse(pattern), Access.PUBLIC, Set.of(), false, null);
		}

		static Rule authenticated(String method, String pattern) {
			return new Rule(method, parser.parse(pattern), Access.AUTHENTICATED, Set.of(), false, null);
		}

		static Rule of(String method, String pattern, Set<Role> roles) {
			return new Rule(method, parser.parse(pattern), Access.ROLES, Set.copyOf(roles), false, null);
		}

		Rule checkedPerItem() {
			return new Rule(method, pattern, access, roles, true, limit);
		}

		Rule limitedBy(Limit by) {
			return new Rule(method, pattern, access, roles, itemChecked, by);
		}

		/** Whether a caller holding {@code role} passes this rule. */
		public boolean admits(Role role) {
			return access != Access.ROLES || roles.contains(role);
		}

		@Override
		public String toString() {
			return method + " " + pattern.getPatternString() + " -> "
					+ (access == Access.ROLES ? roles.stream().map(Role::id).sorted().toList() : access);
		}

	}

}
