"""policybrief: structured content about a policy question, rendered as briefs."""

__version__ = "0.1.0"
