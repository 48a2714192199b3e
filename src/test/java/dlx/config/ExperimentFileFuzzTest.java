package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever an experiment file holds, dlx answers with a valid experiment or a ConfigException —
 * never another exception, never a hang.
 */
class ExperimentFileFuzzTest {
    private static final String VALID = """
            name: fuzz
            seed: 1
            data: {source: synthetic, kind: moons, samples: 100, noise: 0.1, validation_split: 0.2}
            model:
              defaults: {activation: relu, init: he}
              layers:
                - {type: dense, units: 8, init: {type: normal, std: 0.1}}
                - {type: batchnorm}
                - {type: dropout, rate: 0.3}
                - {type: activation, activation: tanh}
                - {type: output, units: 2, loss: cross_entropy}
            optimizer: {type: momentum, lr: 0.1, momentum: 0.9}
            schedule: {type: step, unit: epoch, step_size: 2, gamma: 0.5}
            regularization: {l2: 0.001}
            training:
              epochs: 3
              batch_size: 16
              early_stopping: {monitor: val_loss, mode: min, patience: 2, min_delta: 0.0}
              checkpoint: {keep_last: 1, best: val_accuracy, mode: max}
              log_every: 5
              record: {every: 10}
            """;
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<JsonNode> ODD_VALUES = List.of(
            JsonNodeFactory.instance.numberNode(-1), JsonNodeFactory.instance.numberNode(0),
            JsonNodeFactory.instance.numberNode(1e308), JsonNodeFactory.instance.numberNode(Long.MAX_VALUE),
            JsonNodeFactory.instance.numberNode(2.5), JsonNodeFactory.instance.textNode(""),
            JsonNodeFactory.instance.textNode("relu"), JsonNodeFactory.instance.textNode("NaN"),
            JsonNodeFactory.instance.textNode(".inf"), JsonNodeFactory.instance.booleanNode(true),
            JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.arrayNode(),
            JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.arrayNode().add(1).add("x"),
            JsonNodeFactory.instance.objectNode().put("type", "dense"));

    private static void parses(String text) {
        try {
            Experiment e = ExperimentFile.parse(text, "fuzz.yaml", false, List.of(), "fuzz", d -> List.of(2));
            assertThat(e.model().layers()).isNotEmpty();
        } catch (ConfigException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    @Property(tries = 300)
    void mutatedValuesAndKeysGiveAConfigErrorOrAnExperiment(@ForAll("seeds") long seed) throws Exception {
        Random random = new Random(seed);
        JsonNode tree = YAML.readTree(VALID);
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            mutate(tree, random);
        }
        parses(YAML.writeValueAsString(tree));
    }

    @Property(tries = 200)
    void damagedTextGivesAConfigErrorOrAnExperiment(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(VALID);
        switch (random.nextInt(4)) {
            case 0 -> text.setLength(random.nextInt(text.length()));
            case 1 -> text.insert(random.nextInt(text.length()), "{[:&*!|>-\t\"'%@`".charAt(random.nextInt(15)));
            case 2 -> text.deleteCharAt(random.nextInt(text.length()));
            default -> {
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                text.insert(random.nextInt(text.length()), new String(garbage, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        parses(text.toString());
    }

    @Property(tries = 20)
    void aliasBombsAndDeepNestingAreRefused(@ForAll("seeds") long seed) {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        parses(bomb + VALID);
        int depth = 200 + new Random(seed).nextInt(2000);
        parses("model: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Replaces, removes or adds one key somewhere in the tree. */
    private static void mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode value = ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
        if (target instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            switch (random.nextInt(3)) {
                case 0 -> object.put("unexpected_" + random.nextInt(5), random.nextInt());
                case 1 -> {
                    if (!keys.isEmpty()) {
                        object.remove(keys.get(random.nextInt(keys.size())));
                    }
                }
                default -> {
                    if (!keys.isEmpty()) {
                        object.set(keys.get(random.nextInt(keys.size())), value);
                    }
                }
            }
        } else if (target instanceof ArrayNode array && !array.isEmpty()) {
            if (random.nextBoolean()) {
                array.remove(random.nextInt(array.size()));
            } else {
                array.set(random.nextInt(array.size()), value);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }
}
