package dev.trellis.temporal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.authorization.AuthorizationGrpcMetadataProvider;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The Temporal connection every role needs: service stubs (plain, mTLS or API key), the data
 * converter (with the payload codecs other modules contribute, e.g. encryption) and the client.
 */
@AutoConfiguration
@EnableConfigurationProperties(TemporalProperties.class)
public class TemporalClientConfiguration {

	@Bean(destroyMethod = "shutdown")
	WorkflowServiceStubs workflowServiceStubs(TemporalProperties props) {
		WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(props.target());
		if (props.tls().active(props.apiKey())) {
			options.setSslContext(sslContext(props.tls()));
		}
		if (!props.apiKey().isBlank()) {
			options.addGrpcMetadataProvider(new AuthorizationGrpcMetadataProvider(() -> "Bearer " + props.apiKey()));
		}
		if (props.tls().serverName() != null) {
			options.setChannelInitializer(channel -> channel.overrideAuthority(props.tls().serverName()));
		}
		// Connect lazily: a gateway must start (and report DOWN in health) while Temporal is away.
		return WorkflowServiceStubs.newServiceStubs(options.build());
	}

	@Bean
	DataConverter temporalDataConverter(ObjectProvider<PayloadCodec> codecs) {
		List<PayloadCodec> list = codecs.orderedStream().toList();
		DataConverter base = DefaultDataConverter.newDefaultInstance();
		return list.isEmpty() ? base : new CodecDataConverter(base, list);
	}

	@Bean
	WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties props, DataConverter dataConverter) {
		return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
			.setNamespace(props.namespace())
			.setDataConverter(dataConverter)
			.setIdentity("trellis@" + ProcessHandle.current().pid())
			.build());
	}

	@Bean
	TemporalHealthIndicator temporalHealthIndicator(WorkflowServiceStubs stubs, TemporalProperties props) {
		return new TemporalHealthIndicator(stubs, props);
	}

	private static SslContext sslContext(TemporalProperties.Tls tls) {
		try {
			SslContextBuilder builder = GrpcSslContexts.forClient();
			if (tls.clientCert() != null && tls.clientKey() != null) {
				try (InputStream cert = new FileInputStream(tls.clientCert().toFile());
						InputStream key = new FileInputStream(tls.clientKey().toFile())) {
					builder.keyManager(cert, key);
				}
			}
			if (tls.serverCa() != null) {
				try (InputStream ca = new FileInputStream(tls.serverCa().toFile())) {
					builder.trustManager(ca);
				}
			}
			return builder.build();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read Temporal TLS material", e);
		}
	}

}
