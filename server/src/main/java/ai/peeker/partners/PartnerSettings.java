package ai.peeker.partners;

/**
 * What the operator sets per partner: the sequencer client used when a user or order sends {@code
 * client_id} null or {@code ""} (null: none configured), and the swap tier.
 */
public record PartnerSettings(Long defaultSequencerClientId, SwapTier swapTier) {}
