/// `Array.scan`, `List.scan`, `Seq.scan`, `scanBack`, `foldBack` (issue 15): every state of the fold, the initial one first, as F# defines
/// it, computed by the core's Ops.Scan for any length (never unrolled). Expected values by hand or central differences.
module ExprGrad.FSharp.Tests.ScanTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<Fact>]
let ``scan's states include the initial one`` () =
    // States of s ← s·v + 1 from 0.5 over (1, 2, 3): 0.5, 1.5, 4, 13; their sum 19.
    // ∂/∂x₁ = 0.5 (s₁) + x₂·0.5 (s₂) + x₃·x₂·0.5 (s₃) = 4.5; ∂/∂x₂ = s₁ + x₃·s₁ = 6; ∂/∂x₃ = s₂ = 4.
    let value, g = valueAndGrad <@ fun (x: float[]) -> x |> Array.scan (fun s v -> s * v + 1.0) 0.5 |> Array.sum @> [| 1.0; 2.0; 3.0 |]
    Assert.Equal(19.0, value)
    Assert.Equal<float[]>([| 4.5; 6.0; 4.0 |], g)

[<Fact>]
let ``the initial state gets its gradient and the result has one more element than the input`` () =
    // Running sums from s₀: (s₀, s₀ + x₁, s₀ + x₁ + x₂); Σ = 3s₀ + 2x₁ + x₂, and the length is 3.
    let f = <@ fun (x: float[], s0: float) -> let states = Array.scan (fun s v -> s + v) s0 x in Array.sum states + float states.Length @>
    let value, (gx, gs) = valueAndGrad f ([| 1.0; 2.0 |], 10.0)
    Assert.Equal(10.0 + 11.0 + 13.0 + 3.0, value)
    Assert.Equal<float[]>([| 2.0; 1.0 |], gx)
    Assert.Equal(3.0, gs)

[<Fact>]
let ``a scan returned whole is the Jacobian's rows`` () =
    // Running sums (0, x₁, x₁ + x₂): the rows 0, e₁, e₁ + e₂.
    let j = jacobian <@ fun (x: float[]) -> Array.scan (fun a v -> a + v) 0.0 x @> [| 1.0; 2.0 |]
    Assert.Equal<float[]>([| 0.0; 0.0; 1.0; 0.0; 1.0; 1.0 |], Seq.cast<float> j |> Array.ofSeq)

[<Fact>]
let ``the List and Seq forms over an index range`` () =
    // Σ of the states (0, x₁, x₁ + 2x₂) over i = 0, 1: 2x₁ + 2x₂ → (2, 2), the same over List and Seq.
    let g = grad <@ fun (x: float[]) -> [ 0 .. x.Length - 1 ] |> List.scan (fun s i -> s + float (i + 1) * x[i]) 0.0 |> List.sum @>
    Assert.Equal<float[]>([| 2.0; 2.0 |], g [| 3.0; 4.0 |])
    Assert.Equal<float[]>([| 3.0; 4.0; 3.0 |], g [| 3.0; 4.0; 5.0 |])
    Assert.Equal<float[]>([| 1.0; 1.0 |], grad <@ fun (x: float[]) -> Seq.scan (fun s v -> s + v) 0.0 x |> Seq.last @> [| 3.0; 4.0 |])

[<Fact>]
let ``scanBack's states run from the right, the initial one last, and foldBack is the first of them`` () =
    // s ← s·v + 1 from 0.5 over (1, 2, 3) from the right: states (7, 6, 2.5, 0.5); Σ (j+1)·state = 28.5.
    // ∂/∂x₁ = 1·6 (only the first state reads x₁); ∂/∂x₂ = (1·x₁ + 2)·2.5 = 7.5; ∂/∂x₃ = (1·x₁x₂ + 2·x₂ + 3)·0.5 = 4.5.
    let value, g = valueAndGrad <@ fun (x: float[]) -> Array.scanBack (fun v s -> s * v + 1.0) x 0.5 |> Array.mapi (fun j s -> float (j + 1) * s) |> Array.sum @> [| 1.0; 2.0; 3.0 |]
    Assert.Equal(28.5, value)
    Assert.Equal<float[]>([| 6.0; 7.5; 4.5 |], g)
    // foldBack is the first state, 7: ∂/∂x = (6, x₁·2.5, x₁x₂·0.5) = (6, 2.5, 1).
    let value, g = valueAndGrad <@ fun (x: float list) -> List.foldBack (fun v s -> s * v + 1.0) x 0.5 @> [ 1.0; 2.0; 3.0 ]
    Assert.Equal(7.0, value)
    Assert.Equal<float list>([ 6.0; 2.5; 1.0 ], g)

let private decayedBack = grad <@ fun (x: float[]) -> (Array.scanBack (fun v s -> s * tanh v + v) x 0.3 |> Array.sumBy (fun s -> s * s)) + Array.foldBack (fun v s -> cos s * v) x 0.1 @>

[<Property(MaxTest = 100, Replay = "(20261129,47)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``scanBack and foldBack of every length match central differences`` (Vector x) =
    let plain (x: float[]) = (Array.scanBack (fun v s -> s * tanh v + v) x 0.3 |> Array.sumBy (fun s -> s * s)) + Array.foldBack (fun v s -> cos s * v) x 0.1
    assertClose $"scanBack at %A{x}" (numericGradient plain x) (decayedBack x)

let private decayed = grad <@ fun (x: float[]) -> x |> Array.scan (fun s v -> s * tanh v + v) 0.3 |> Array.sumBy (fun s -> s * s) @>
let private decayedList = grad <@ fun (x: float list) -> x |> List.scan (fun s v -> sin s + v * s) 0.3 |> List.mapi (fun j s -> float (j + 1) * s) |> List.sum @>

[<Property(MaxTest = 100, Replay = "(20261129,43)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``scans of every length match central differences`` (Vector x) =
    let plain (x: float[]) = x |> Array.scan (fun s v -> s * tanh v + v) 0.3 |> Array.sumBy (fun s -> s * s)
    let plainList (x: float[]) = x |> List.ofArray |> List.scan (fun s v -> sin s + v * s) 0.3 |> List.mapi (fun j s -> float (j + 1) * s) |> List.sum
    assertClose $"Array.scan at %A{x}" (numericGradient plain x) (decayed x)
    assertClose $"List.scan at %A{x}" (numericGradient plainList x) (decayedList (List.ofArray x) |> Array.ofList)
