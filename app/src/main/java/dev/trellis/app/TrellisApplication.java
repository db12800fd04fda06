package dev.trellis.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Trellis in one process. {@code trellis.role} ({@code TRELLIS_ROLE}) chooses what it does:
 * {@code all} (default), {@code gateway} or {@code worker}.
 */
@SpringBootApplication(scanBasePackages = "dev.trellis")
@ConfigurationPropertiesScan("dev.trellis")
public class TrellisApplication {

	public static void main(String[] args) {
		try {
			SpringApplication.run(TrellisApplication.class, args);
		}
		catch (RuntimeException e) {
			// Spring has logged why. Exit instead of returning: a non-daemon thread some client left
			// behind would keep a process that failed to start alive, and supervisors (Docker's
			// restart policy, Kubernetes) restart a process that exits, not one that hangs unready.
			System.exit(1);
		}
	}

}
