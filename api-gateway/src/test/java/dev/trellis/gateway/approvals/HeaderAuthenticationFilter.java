package dev.trellis.gateway.approvals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.trellis.gateway.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Test-only authentication: {@code X-Test-User}, {@code X-Test-Roles} and {@code X-Test-Groups}
 * become the {@code ROLE_} and {@code GROUP_} authorities that {@link Caller#of} reads, so the
 * approvals API can be tested without the token store of the real security configuration.
 */
final class HeaderAuthenticationFilter extends OncePerRequestFilter {

	static final String USER = "X-Test-User";

	static final String ROLES = "X-Test-Roles";

	static final String GROUPS = "X-Test-Groups";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String user = request.getHeader(USER);
		if (user != null) {
			List<GrantedAuthority> authorities = new ArrayList<>();
			split(request.getHeader(ROLES)).forEach(r -> authorities.add(new SimpleGrantedAuthority(Caller.ROLE_PREFIX + r)));
			split(request.getHeader(GROUPS)).forEach(g -> authorities.add(new SimpleGrantedAuthority(Caller.GROUP_PREFIX + g)));
			SecurityContextHolder.getContext()
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private static List<String> split(String header) {
		return header == null || header.isBlank() ? List.of() : Arrays.stream(header.split(",")).map(String::trim).toList();
	}

}
