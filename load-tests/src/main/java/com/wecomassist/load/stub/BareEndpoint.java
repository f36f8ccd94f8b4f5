package com.wecomassist.load.stub;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import java.time.Duration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The ceiling of the callback-ingest scenario: a bare Spring WebFlux endpoint on Reactor Netty (the
 * gateway's own stack, without Spring Boot) that reads the body of {@code POST /wecom/callback} and
 * answers an empty 200. Whatever the gateway loses against it is the cost of verifying, decrypting,
 * deduplicating and handing on a callback.
 */
public final class BareEndpoint implements AutoCloseable {

    private final DisposableServer server;

    public BareEndpoint(String host, int port) {
        RouterFunction<ServerResponse> route = RouterFunctions.route(POST("/wecom/callback"),
                request -> request.bodyToMono(String.class).then(ServerResponse.ok().build()));
        HttpHandler handler = RouterFunctions.toHttpHandler(route);
        this.server = HttpServer.create().host(host).port(port).handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow(Duration.ofSeconds(10));
    }

    public String baseUrl() {
        return "http://" + server.host() + ":" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
