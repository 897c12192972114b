package ai.peeker.events;

import ai.peeker.partners.Environment;
import java.util.List;

/** Where an endpoint's deliveries go now, and the secrets that sign them (newest first). */
record Target(String endpointId, Environment environment, String url, List<String> secrets) {}
