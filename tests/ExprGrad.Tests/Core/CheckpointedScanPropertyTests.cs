using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Core;

/// <summary>
/// Checkpointing changes where states are kept, never what is computed: on generated programs (step counts
/// 0–40, intervals 0, 1, the step count, beyond it and between, states read by index in every order, or whole)
/// every gradient entry point gives, bit for bit, what it gives for the same program with the plain scan.
/// </summary>
public class CheckpointedScanPropertyTests
{
    [Property(Arbitrary = [typeof(CheckpointedScanProgram)], MaxTest = 300, Replay = "3100661,2024110917")]
    public void GradientIsBitIdenticalToThePlainScans(CheckpointedScanProgram c)
    {
        var plain = Grad.Of(c.Plain())(c.Point);
        AssertSameBits(plain, Grad.Of(c.Checkpointed())(c.Point), c);
        AssertSameBits(plain, Grad.Of(c.Checkpointed(), new GradientOptions { Checkpointing = false })(c.Point), c);
    }

    [Property(Arbitrary = [typeof(CheckpointedScanProgram)], MaxTest = 150, Replay = "7781234,1999000111")]
    public void ValueAndGradientIsBitIdenticalToThePlainScans(CheckpointedScanProgram c)
    {
        var (value, gradient) = Grad.ValueAndGradient(c.Plain())(c.Point);
        var (checkpointedValue, checkpointedGradient) = Grad.ValueAndGradient(c.Checkpointed())(c.Point);
        AssertSameBits([value, .. gradient], [checkpointedValue, .. checkpointedGradient], c);
        Assert.Equal(c.Plain().Compile()(c.Point), checkpointedValue);
    }

    [Property(Arbitrary = [typeof(CheckpointedScanProgram)], MaxTest = 100, Replay = "5150150,3033033033")]
    public void GradientIntoBuffersAndUnfusedSumsAreBitIdenticalToThePlainScans(CheckpointedScanProgram c)
    {
        // Without the final-sum fusion the loss's backward loop runs after the forward one, reading the states a
        // second time, in order; into buffers, the parameters' adjoints are the caller's arrays.
        var unfused = new GradientOptions { FuseFinalSum = false };
        AssertSameBits(Grad.Of(c.Plain(), unfused)(c.Point), Grad.Of(c.Checkpointed(), unfused)(c.Point), c);
        var (plainBuffer, checkpointedBuffer) = (new double[4], new double[4]);
        double plainValue = Grad.ValueAndGradientInto(c.Plain())(c.Point, plainBuffer);
        double checkpointedValue = Grad.ValueAndGradientInto(c.Checkpointed())(c.Point, checkpointedBuffer);
        AssertSameBits([plainValue, .. plainBuffer], [checkpointedValue, .. checkpointedBuffer], c);
    }

    [Property(Arbitrary = [typeof(CheckpointedScanProgram)], MaxTest = 60, Replay = "6060606,1717171717")]
    public void ForwardModeTreatsTheCheckpointedScanAsThePlainOne(CheckpointedScanProgram c)
    {
        var direction = new[] { 0.3, -0.7, 1.1, 0.5 };
        AssertSameBits(Grad.HessianVectorProduct(c.Plain())(c.Point, direction),
            Grad.HessianVectorProduct(c.Checkpointed())(c.Point, direction), c);
    }

    private static void AssertSameBits(double[] expected, double[] actual, CheckpointedScanProgram c)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{c}\n  component {i}: plain {expected[i]:R}, checkpointed {actual[i]:R}");
    }
}
