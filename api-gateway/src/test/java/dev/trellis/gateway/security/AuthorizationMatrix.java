package dev.trellis.gateway.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The authorisation matrix: every {@code /api/**} and {@code /codec/**} handler Spring MVC has
 * registered, times every kind of caller, against the {@link RouteTable}. A handler without a rule
 * is a failure, so a new endpoint cannot ship unreviewed.
 *
 * <p>Reusable against any running gateway context, in particular the full one of the {@code app}
 * module (this class is in api-gateway's test-jar):
 *
 * <pre>{@code
 * var endpoints = AuthorizationMatrix.endpoints(context.getBean("requestMappingHandlerMapping",
 *         RequestMappingHandlerMapping.class));
 * assertThat(AuthorizationMatrix.withoutRule(RouteTable.DEFAULT, endpoints)).isEmpty();
 * assertThat(AuthorizationMatrix.violations(RouteTable.DEFAULT, endpoints, client, identities)).isEmpty();
 * }</pre>
 *
 * A request a rule lets through may still fail later (400, 404, 409, 503 ...) or be refused by the
 * handler for one item (its own 403): only "not 401 and not refused by role" is asserted then. A
 * refusal by role is recognised by its problem type, {@link RouteTable#ROLE_DENIED}.
 */
public final class AuthorizationMatrix {

	private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)(:[^}]*)?}");

	private static final List<String> ALL_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private AuthorizationMatrix() {
	}

	/** The callers of the matrix: no token, and a user of each role. */
	public enum Who {

		ANONYMOUS(null), VIEWER(Role.VIEWER), REVIEWER(Role.REVIEWER), BUILDER(Role.BUILDER), ADMIN(Role.ADMIN);

		private final Role role;

		Who(Role role) {
			this.role = role;
		}

		public Role role() {
			return role;
		}

	}

	/** A user of the matrix: its name fills {@code {username}} so "own tokens" routes hit itself. */
	public record Identity(String username, String token) {
	}

	/** One method and path pattern, with the handler that serves it. */
	public record Endpoint(String method, String pattern, String handler) {

		@Override
		public String toString() {
			return method + " " + pattern + " (" + handler + ")";
		}

	}

	/** Every handled method and pattern under {@code /api} and {@code /codec}, sorted. */
	public static List<Endpoint> endpoints(RequestMappingHandlerMapping mapping) {
		Set<String> seen = new TreeSet<>();
		List<Endpoint> out = new ArrayList<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
			List<String> methods = declared.isEmpty() ? ALL_METHODS : declared.stream().map(Enum::name).toList();
			for (String pattern : info.getPatternValues()) {
				if (!RouteTable.governs(pattern)) {
					continue;
				}
				for (String method : methods) {
					if (seen.add(method + " " + pattern)) {
						out.add(new Endpoint(method, pattern, entry.getValue().getShortLogMessage()));
					}
				}
			}
		}
		out.sort((a, b) -> (a.pattern() + a.method()).compareTo(b.pattern() + b.method()));
		return out;
	}

	/** Endpoints no rule covers: each is a missing entry in the route table. */
	public static List<Endpoint> withoutRule(RouteTable routes, List<Endpoint> endpoints) {
		return endpoints.stream()
			.filter(e -> routes.match(e.method(), samplePath(e.pattern(), "matrix-user")).isEmpty())
			.toList();
	}

	/**
	 * Sends every endpoint as every caller and returns what did not answer as the table says: 401
	 * without a token, 403 by role for roles the rule leaves out, neither for the roles it admits.
	 */
	public static List<String> violations(RouteTable routes, List<Endpoint> endpoints, GatewayClient client,
			Map<Who, Identity> identities) {
		List<String> out = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			for (Who who : Who.values()) {
				Identity identity = identities.get(who);
				String path = samplePath(endpoint.pattern(), identity == null ? "matrix-user" : identity.username());
				Optional<RouteTable.Rule> rule = routes.match(endpoint.method(), path);
				if (rule.isEmpty()) {
					out.add(endpoint + ": no rule");
					continue;
				}
				String body = endpoint.method().equals("GET") || endpoint.method().equals("DELETE") ? null : "{}";
				HttpResponse<String> response = client.send(endpoint.method(), path,
						identity == null ? null : identity.token(), body);
				String problem = check(rule.get(), who, response);
				if (problem != null) {
					out.add(endpoint + " as " + who + ": " + problem + " (rule " + rule.get() + ")");
				}
			}
		}
		return out;
	}

	/** What is wrong with one answer, or {@code null}. */
	static String check(RouteTable.Rule rule, Who who, HttpResponse<String> response) {
		int status = response.statusCode();
		boolean refusedByRole = status == 403 && RouteTable.ROLE_DENIED.toString()
			.equals(GatewayClient.problemType(response));
		if (rule.access() == RouteTable.Access.PUBLIC) {
			return status == 401 || refusedByRole ? "expected public access, got " + status : null;
		}
		if (who == Who.ANONYMOUS) {
			return status == 401 ? null : "expected 401, got " + status;
		}
		if (rule.admits(who.role())) {
			return status == 401 || refusedByRole ? "expected access, got " + status + " " + response.body() : null;
		}
		return refusedByRole ? null : "expected 403 by role, got " + status + " " + response.body();
	}

	/** A concrete path for a pattern: {@code {username}} is the caller, other variables a probe value. */
	static String samplePath(String pattern, String username) {
		Matcher m = VARIABLE.matcher(pattern.replace("/**", "/matrix-probe"));
		StringBuilder sb = new StringBuilder();
		while (m.find()) {
			m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1).equals("username") ? username : "matrix-probe"));
		}
		m.appendTail(sb);
		return sb.toString();
	}

}
