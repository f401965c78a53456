using Penchant.Core.Recommenders.Bpr;

namespace Penchant.Core.Tests.Recommenders.Bpr;

public sealed class BprStepTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(24)]
    [InlineData(64)]
    [InlineData(67)]
    public void Fused_step_matches_the_scalar_reference(int k)
    {
        var rng = new Random(k);
        float[] Vector() => [.. Enumerable.Range(0, k).Select(_ => (float)((rng.NextDouble() * 2) - 1))];
        var (p, qi, qj) = (Vector(), Vector(), Vector());
        var (rp, rqi, rqj) = (p.ToArray(), qi.ToArray(), qj.ToArray());
        const float biasDifference = 0.3f, learningRate = 0.07f, decay = 0.99f;

        var margin = biasDifference + BprStep.Margin(p, qi, qj);
        BprStep.Update(p, qi, qj, learningRate / (1f + MathF.Exp(margin)), decay);
        var expectedMargin = BprStep.UpdateReference(rp, rqi, rqj, biasDifference, learningRate, decay);

        Assert.Equal(expectedMargin, margin, 1e-5f);
        for (var a = 0; a < k; a++)
        {
            Assert.Equal(rp[a], p[a], 2e-5f);
            Assert.Equal(rqi[a], qi[a], 2e-5f);
            Assert.Equal(rqj[a], qj[a], 2e-5f);
        }
    }

    [Fact]
    public void A_step_raises_the_margin_of_the_triple()
    {
        float[] p = [0.5f, -0.2f, 0.1f], qi = [0.1f, 0.3f, -0.2f], qj = [0.4f, -0.1f, 0.2f];
        var before = BprStep.Margin(p, qi, qj);
        BprStep.Update(p, qi, qj, step: 0.1f, decay: 1f);
        Assert.True(BprStep.Margin(p, qi, qj) > before);
    }
}
