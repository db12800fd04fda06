package dev.trellis.temporal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Registers a bean or configuration only in processes whose {@code trellis.role} serves the given
 * role ({@code all} serves every role).
 *
 * <pre>{@code
 * @Configuration
 * @ConditionalOnRole(TrellisRole.WORKER)
 * class WorkerConfiguration { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(ConditionalOnRole.OnRole.class)
public @interface ConditionalOnRole {

	TrellisRole value();

	/** Reads {@code trellis.role} (default {@code all}); an unknown role is a startup error. */
	class OnRole implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			TrellisRole wanted = (TrellisRole) metadata.getAnnotationAttributes(ConditionalOnRole.class.getName())
				.get("value");
			return currentRole(context.getEnvironment().getProperty("trellis.role", "all")).serves(wanted);
		}

		static TrellisRole currentRole(String value) {
			try {
				return TrellisRole.valueOf(value.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalStateException(
						"trellis.role must be one of all, gateway, worker; got '" + value + "'");
			}
		}

	}

}
