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
		SpringApplication.run(TrellisApplication.class, args);
	}

}
