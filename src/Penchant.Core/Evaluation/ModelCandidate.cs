using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>One configuration to try: a recommender and a label describing its options.</summary>
public sealed record ModelCandidate(string Label, IRecommender Recommender);
