package com.wecomassist.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.testing.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class RedisFlushesTest {

    @Test
    void theConsolidationIsTheLastOutboundHandlerBeforeTheSocket() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter());
        new RedisFlushes().afterChannelInitialized(channel);
        assertThat(channel.pipeline().first()).isInstanceOf(FlushConsolidationHandler.class);
    }

    @Test
    void theClusterModesClientResourcesCarryIt() {
        ClientResources.Builder builder = ClientResources.builder();
        new ClusterConfiguration().redisFlushesConsolidated().customize(builder);
        ClientResources resources = builder.build();
        try {
            assertThat(resources.nettyCustomizer()).isInstanceOf(RedisFlushes.class);
        } finally {
            resources.shutdown();
        }
    }

    /**
     * Against the real Redis: commands issued together reach the socket in fewer flushes than commands, and
     * every one is answered with its own value (nothing held back or mixed up).
     */
    @Test
    void manyCommandsInFlightShareFlushesAndEachGetsItsAnswer() {
        AtomicInteger flushesToTheSocket = new AtomicInteger();
        ClientResources resources = ClientResources.builder().nettyCustomizer(new NettyCustomizer() {
            @Override
            public void afterChannelInitialized(Channel channel) {
                new RedisFlushes().afterChannelInitialized(channel);
                // ahead of it, i.e. between it and the socket: counts the flushes it lets through
                channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushesToTheSocket.incrementAndGet();
                        ctx.flush();
                    }
                });
            }
        }).build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(RedisTestServer.uri().toString()));
        String prefix = RedisTestServer.freshPrefix() + "flushes:";
        int commands = 2_000;
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.reactive();
            Flux.range(0, commands).flatMap(i -> redis.set(prefix + i, "v" + i), 64).blockLast(Duration.ofSeconds(30));
            int before = flushesToTheSocket.get();
            List<String> read = Flux.range(0, commands).flatMapSequential(i -> redis.get(prefix + i), 64)
                    .collectList().block(Duration.ofSeconds(30));
            int flushes = flushesToTheSocket.get() - before;

            assertThat(read).hasSize(commands);
            for (int i = 0; i < commands; i++) {
                assertThat(read.get(i)).isEqualTo("v" + i);
            }
            assertThat(flushes).as("flushes for " + commands + " reads, 64 in flight").isLessThan(commands / 2);
            Flux.range(0, commands).flatMap(i -> redis.del(prefix + i), 64).blockLast(Duration.ofSeconds(30));
        } finally {
            client.shutdown();
            resources.shutdown();
        }
    }
}
