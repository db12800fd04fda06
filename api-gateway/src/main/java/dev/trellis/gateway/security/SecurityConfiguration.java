package dev.trellis.gateway.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TemporalProperties;
import dev.trellis.temporal.TrellisRole;
import io.temporal.client.WorkflowClient;
import jakarta.servlet.DispatcherType;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The HTTP security of a Trellis process. Gateways authenticate bearer tokens (API tokens, and JWTs
 * when OIDC is configured), authorise {@code /api} and {@code /codec} by the {@link RouteTable}, limit
 * body sizes and rates, and send security headers. A {@code worker}-only process serves health and
 * metrics and refuses everything else.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/**
	 * What the canvas needs and nothing more: its own scripts only (no inline script), inline styles
	 * (React Flow positions nodes with style attributes), data: images, and WebSockets to the gateway.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; "
			+ "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

	private static final String[] PUBLIC_ACTUATOR = { "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
			"/actuator/info" };

	@Bean
	@ConditionalOnRole(TrellisRole.GATEWAY)
	RouteTable routeTable() {
		return RouteTable.DEFAULT;
	}

	@Bean
	@ConditionalOnRole(TrellisRole.GATEWAY)
	RunAdmission runAdmission(WorkflowClient workflowClient, SecurityProperties props) {
		return new TemporalRunAdmission(workflowClient, props.maxConcurrentRunsPerUser());
	}

	@Bean
	@ConditionalOnRole(TrellisRole.GATEWAY)
	SecurityFilterChain gatewaySecurity(HttpSecurity http, RouteTable routes, UserStore users, SecurityProperties props,
			TemporalProperties temporal, ObjectMapper json, ObjectProvider<RedissonClient> redisson,
			ApplicationEventPublisher events) throws Exception {
		ProblemResponses problems = new ProblemResponses(json);
		AuthenticationManager tokens = authenticationManager(users, props.oidc(), events);
		// Bearer tokens only, no session or cookie: a forged cross-site request carries no credential,
		// so CSRF tokens would protect nothing.
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.cors(c -> c.configurationSource(codecCors(temporal.uiUrl())))
			.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions(f -> f.deny())
				.addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
						"camera=(), microphone=(), geolocation=(), payment=()")))
			.oauth2ResourceServer(o -> o.bearerTokenResolver(new BearerTokens())
				.authenticationManagerResolver(request -> tokens)
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			// Error pages and async completions re-dispatch a request that was authorised already.
			.authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
				.permitAll()
				.requestMatchers(paths("/api", "/api/**", "/codec/**"))
				.access(new RouteAuthorization(routes))
				.requestMatchers(paths("/ws/**"))
				.authenticated()
				.requestMatchers(paths(PUBLIC_ACTUATOR))
				.permitAll()
				.requestMatchers(paths("/actuator/**"))
				.denyAll()
				// The canvas: static files and its client-side routes.
				.anyRequest()
				.permitAll())
			.addFilterAfter(new BodySizeLimitFilter(props.maxBodySize(), problems), HeaderWriterFilter.class)
			.addFilterAfter(new RateLimitFilter(routes, redisson.getIfAvailable(), props.rateLimits(), problems),
					AuthorizationFilter.class);
		return http.build();
	}

	/** A {@code worker} process has no users: health and metrics are open, nothing else exists. */
	@Bean
	@Conditional(WorkerOnly.class)
	SecurityFilterChain workerSecurity(HttpSecurity http, ObjectMapper json) throws Exception {
		ProblemResponses problems = new ProblemResponses(json);
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.authorizeHttpRequests(a -> a.requestMatchers(paths(PUBLIC_ACTUATOR)).permitAll().anyRequest().denyAll());
		return http.build();
	}

	/** Without users, nothing may authenticate in a worker (and Boot creates no default user). */
	@Bean
	@Conditional(WorkerOnly.class)
	AuthenticationManager workerAuthenticationManager() {
		return authentication -> {
			throw new BadCredentialsException("A worker authenticates no one");
		};
	}

	private static AuthenticationManager authenticationManager(UserStore users, SecurityProperties.Oidc oidc,
			ApplicationEventPublisher events) {
		List<AuthenticationProvider> providers = new ArrayList<>();
		providers.add(new ApiTokenAuthenticationProvider(users, oidc.enabled()));
		if (oidc.enabled()) {
			JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(jwtDecoder(oidc));
			jwt.setJwtAuthenticationConverter(new JwtAuthorities(oidc));
			providers.add(jwt);
			log.info("OIDC on: accepting JWTs from {}",
					StringUtils.hasText(oidc.issuerUri()) ? oidc.issuerUri() : oidc.jwkSetUri());
		}
		ProviderManager manager = new ProviderManager(providers);
		DefaultAuthenticationEventPublisher publisher = new DefaultAuthenticationEventPublisher(events);
		// Invalid bearer tokens map to no event by default; every failure should reach AuthFailureMonitor.
		publisher.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
		manager.setAuthenticationEventPublisher(publisher);
		return manager;
	}

	/** Signing keys come from the issuer's discovery document, fetched on the first JWT, not at start. */
	private static NimbusJwtDecoder jwtDecoder(SecurityProperties.Oidc oidc) {
		NimbusJwtDecoder decoder = StringUtils.hasText(oidc.jwkSetUri())
				? NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build()
				: NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(StringUtils.hasText(oidc.issuerUri()) ? JwtValidators.createDefaultWithIssuer(oidc.issuerUri())
				: JwtValidators.createDefault());
		if (StringUtils.hasText(oidc.audience())) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					aud -> aud != null && aud.contains(oidc.audience())));
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		return decoder;
	}

	/** CORS only for the codec endpoint, only for the Temporal UI; everything else is same-origin. */
	private static UrlBasedCorsConfigurationSource codecCors(String temporalUiUrl) {
		CorsConfiguration codec = new CorsConfiguration();
		codec.addAllowedOrigin(origin(temporalUiUrl));
		codec.setAllowedMethods(List.of("POST", "OPTIONS"));
		codec.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Namespace"));
		codec.setAllowCredentials(true);
		codec.setMaxAge(600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/codec/**", codec);
		return source;
	}

	/** The origin part of a URL: a trailing slash or path would never equal a browser's Origin header. */
	static String origin(String url) {
		URI uri = URI.create(url.trim());
		return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
				+ (uri.getPort() < 0 ? "" : ":" + uri.getPort());
	}

	private static RequestMatcher[] paths(String... patterns) {
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
		RequestMatcher[] matchers = new RequestMatcher[patterns.length];
		for (int i = 0; i < patterns.length; i++) {
			matchers[i] = builder.matcher(patterns[i]);
		}
		return matchers;
	}

	/** True in a {@code worker} process only; {@code all} runs the gateway chain. */
	static class WorkerOnly implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return "worker".equalsIgnoreCase(context.getEnvironment().getProperty("trellis.role", "all").trim());
		}

	}

}
