using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Tests.Evaluation;

/// <summary>A test double: scores every user alike from a map of external item id to score (missing items 0).</summary>
internal sealed class FixedScoreRecommender(string name, IReadOnlyDictionary<string, float> scores) : IRecommender
{
    public int FitCount { get; private set; }

    public string Name => name;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        FitCount++;
        return new Model([.. data.Items.Ids.Select(id => scores.GetValueOrDefault(id))]);
    }

    internal sealed class Model(float[] scores) : IRecommenderModel
    {
        public string Kind => "fixed";

        public int ItemCount => scores.Length;

        public void Score(UserQuery query, Span<float> target) => scores.CopyTo(target);

        public void ScoreSimilar(int item, Span<float> target) => scores.CopyTo(target);

        public void Write(BinaryWriter writer)
        {
        }
    }
}

/// <summary>A test double blend: the weighted sum of component scores (no normalisation).</summary>
internal sealed class SumBlendRecommender(IReadOnlyList<(IRecommender Recommender, double Weight)> parts) : IRecommender
{
    public string Name => "blend";

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        var models = parts.Select(p => (Model: p.Recommender.Fit(data, context), p.Weight)).ToArray();
        var total = new float[data.ItemCount];
        var buffer = new float[data.ItemCount];
        foreach (var (model, weight) in models)
        {
            model.Score(UserQuery.Anonymous, buffer);
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += (float)weight * buffer[i];
            }
        }

        return new FixedScoreRecommender.Model(total);
    }
}
