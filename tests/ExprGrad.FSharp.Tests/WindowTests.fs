/// `windowed`, `chunkBySize` and `splitInto` (issue 15): each window or chunk is a slice of the input (Ops.Slice, with its
/// own adjoint), counted when the gradient runs with F#'s checks on the size. Expected values by hand or central differences.
module ExprGrad.FSharp.Tests.WindowTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<Fact>]
let ``windows of two, read by index and averaged`` () =
    // Windows (1, 2), (2, 3): 1·2 + 2·3 = 8; gradient (x₂, x₁ + x₃, x₂) = (2, 4, 2).
    let value, g = valueAndGrad <@ fun (x: float[]) -> x |> Array.windowed 2 |> Array.sumBy (fun w -> w[0] * w[1]) @> [| 1.0; 2.0; 3.0 |]
    Assert.Equal(8.0, value)
    Assert.Equal<float[]>([| 2.0; 4.0; 2.0 |], g)
    // The averages 1.5 and 2.5 sum to 4; each end element is in one window (½), the middle one in two (1).
    let value, g = valueAndGrad <@ fun (x: float[]) -> x |> Array.windowed 2 |> Array.map Array.average |> Array.sum @> [| 1.0; 2.0; 3.0 |]
    Assert.Equal(4.0, value)
    Assert.Equal<float[]>([| 0.5; 1.0; 0.5 |], g)

[<Fact>]
let ``a window longer than the input makes none, and a size of 0 throws as F# does`` () =
    Assert.Equal<float[]>([| 0.0; 0.0 |], grad <@ fun (x: float[]) -> 1.0 + (x |> Array.windowed 5 |> Array.sumBy (fun w -> w[0])) @> [| 1.0; 2.0 |])
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> Array.windowed 0 [| 1.0 |] |> ignore)).GetType()
    Assert.Throws(fsharps, fun () -> grad <@ fun (x: float[]) -> x |> Array.windowed 0 |> Array.sumBy (fun w -> float w.Length) @> [| 1.0 |] |> ignore) |> ignore

[<Fact>]
let ``chunks, the last one shorter`` () =
    // Chunks (1, 2), (3, 5), (4): max · length = 2·2 + 5·2 + 4·1 = 18; the maxima's inputs get 2, 2 and 1.
    let value, g = valueAndGrad <@ fun (x: float[]) -> x |> Array.chunkBySize 2 |> Array.sumBy (fun c -> Array.max c * float c.Length) @> [| 1.0; 2.0; 3.0; 5.0; 4.0 |]
    Assert.Equal(18.0, value)
    Assert.Equal<float[]>([| 0.0; 2.0; 0.0; 2.0; 1.0 |], g)

[<Fact>]
let ``the List and Seq forms`` () =
    // List windows (1, 2), (2, 3) of (a + b)·a: ∂/∂a = 2a + b, ∂/∂b = a → (4, 1 + 7, 2).
    Assert.Equal<float list>([ 4.0; 8.0; 2.0 ], grad <@ fun (x: float list) -> x |> List.windowed 2 |> List.sumBy (fun w -> List.sum w * List.head w) @> [ 1.0; 2.0; 3.0 ])
    // Seq windows (arrays) of a·b: (x₂, x₁ + x₃, x₂) = (2, 4, 2).
    Assert.Equal<float[]>([| 2.0; 4.0; 2.0 |], grad <@ fun (x: float[]) -> x |> Seq.windowed 2 |> Seq.sumBy (fun w -> w[0] * w[1]) @> [| 1.0; 2.0; 3.0 |])
    // List chunks (1, 2), (3) weighted by their lengths: (2, 2, 1).
    Assert.Equal<float list>([ 2.0; 2.0; 1.0 ], grad <@ fun (x: float list) -> x |> List.chunkBySize 2 |> List.sumBy (fun c -> float (List.length c) * List.sum c) @> [ 1.0; 2.0; 3.0 ])

[<Fact>]
let ``splitInto makes F#'s parts, the first ones longer`` () =
    // Part j weighted (j + 1)·its length: seven elements split into parts of 3, 2, 2 → 3, 3, 3, 4, 4, 6, 6;
    // four into 2, 1, 1 → 2, 2, 2, 3; two into 1, 1 (fewer parts than asked) → 1, 2.
    let g = grad <@ fun (x: float[]) -> x |> Array.splitInto 3 |> Array.mapi (fun j c -> float (j + 1) * Array.sum c * float c.Length) |> Array.sum @>
    Assert.Equal<float[]>([| 3.0; 3.0; 3.0; 4.0; 4.0; 6.0; 6.0 |], g (Array.zeroCreate 7))
    Assert.Equal<float[]>([| 2.0; 2.0; 2.0; 3.0 |], g (Array.zeroCreate 4))
    Assert.Equal<float[]>([| 1.0; 2.0 |], g (Array.zeroCreate 2))

let private pieces = grad <@ fun (x: float[]) -> (x |> Array.windowed 3 |> Array.sumBy (fun w -> sin w[0] * w[2] + w[1] * w[1])) + (x |> Array.chunkBySize 2 |> Array.sumBy (fun c -> float c.Length * Array.sumBy (fun v -> v * v * v) c)) + (x |> Array.splitInto 4 |> Array.mapi (fun j c -> float (j + 1) * Array.sumBy sin c) |> Array.sum) @>

[<Property(MaxTest = 100, Replay = "(20261129,71)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``windows and chunks of every length match central differences`` (Vector x) =
    let plain (x: float[]) = (x |> Array.windowed 3 |> Array.sumBy (fun w -> sin w[0] * w[2] + w[1] * w[1])) + (x |> Array.chunkBySize 2 |> Array.sumBy (fun c -> float c.Length * Array.sumBy (fun v -> v * v * v) c)) + (x |> Array.splitInto 4 |> Array.mapi (fun j c -> float (j + 1) * Array.sumBy sin c) |> Array.sum)
    assertClose $"pieces of %A{x}" (numericGradient plain x) (pieces x)
